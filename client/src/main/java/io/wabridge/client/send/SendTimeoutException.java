package io.wabridge.client.send;

import java.time.Duration;

/** The server did not acknowledge a message in time; it may still have been delivered (re-send with the same key). */
public final class SendTimeoutException extends MessageSendException {
    private static final long serialVersionUID = 1L;

    public SendTimeoutException(String messageId, Duration timeout) {
        super(messageId, "no server ack for message " + messageId + " within " + timeout.toMillis() + " ms");
    }
}
