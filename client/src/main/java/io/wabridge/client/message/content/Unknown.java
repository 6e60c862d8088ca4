package io.wabridge.client.message.content;

import io.wabridge.proto.wa.Message;
import java.util.Objects;

/**
 * A message of a kind we do not model (media, buttons, a field newer than our schema...), kept whole: the
 * protobuf holds every field it was parsed from, unknown ones included, so it re-encodes byte for byte.
 */
public record Unknown(Message message) implements MessageContent {

    public Unknown {
        Objects.requireNonNull(message, "message");
    }
}
