package io.wabridge.client.message.content;

/**
 * What a WhatsApp message says, as typed values; {@link MessageContentCodec} maps it to and from the Message
 * protobuf. A kind we do not model is kept whole as {@link Unknown}, never dropped. JIDs are kept as the strings
 * the message carried, so whatever a peer sends decodes.
 */
public sealed interface MessageContent
        permits Text, ExtendedText, Reaction, Edit, Revoke, Location, ContactCard, Poll, EphemeralSetting, Media,
        Unknown {
}
