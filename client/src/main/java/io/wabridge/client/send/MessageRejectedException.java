package io.wabridge.client.send;

/** The server refused a message: its {@code <ack class=message error=..>} carried an error code. */
public final class MessageRejectedException extends MessageSendException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public MessageRejectedException(String messageId, int code) {
        super(messageId, "server rejected message " + messageId + " with error " + code);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
