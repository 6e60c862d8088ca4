package io.wabridge.client.message.content;

import java.util.Objects;

/** One shared contact: protobuf {@code contactMessage}; the vCard is the payload. */
public record ContactCard(String displayName, String vcard) implements MessageContent {

    public ContactCard {
        Objects.requireNonNull(vcard, "vcard");
    }
}
