package io.wabridge.client.send;

/** A send failed: the server refused it, did not answer in time, or no device could be encrypted for. */
public class MessageSendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String messageId;

    public MessageSendException(String messageId, String message) {
        super(message);
        this.messageId = messageId;
    }

    public MessageSendException(String messageId, String message, Throwable cause) {
        super(message, cause);
        this.messageId = messageId;
    }

    /** The id the message was sent with (re-send with the same idempotency key to reuse it). */
    public String messageId() {
        return messageId;
    }
}
