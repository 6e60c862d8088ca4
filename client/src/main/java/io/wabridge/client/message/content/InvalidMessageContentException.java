package io.wabridge.client.message.content;

/** Outgoing content WhatsApp would refuse or mangle (too long, an impossible poll...). Nothing was sent. */
public class InvalidMessageContentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidMessageContentException(String message) {
        super(message);
    }
}
