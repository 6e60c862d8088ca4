package io.wabridge.client.message.content;

import java.util.Objects;

/**
 * The message a reply quotes (protobuf {@code ContextInfo} stanzaId / participant / remoteJid / quotedMessage).
 *
 * @param stanzaId    the quoted message's id
 * @param participant its author
 * @param remoteJid   its chat when it differs from the reply's (else null)
 * @param content     what it said, as shown in the quote bubble; null if not sent
 */
public record QuotedMessage(String stanzaId, String participant, String remoteJid, MessageContent content) {

    public QuotedMessage {
        Objects.requireNonNull(stanzaId, "stanzaId");
    }
}
