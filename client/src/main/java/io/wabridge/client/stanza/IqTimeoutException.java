package io.wabridge.client.stanza;

import java.time.Duration;

/** No response to an iq within its timeout. */
public final class IqTimeoutException extends IqException {
    public IqTimeoutException(String requestId, String xmlns, Duration timeout) {
        super("no response to iq " + requestId + (xmlns == null ? "" : " (xmlns " + xmlns + ")")
                + " within " + timeout.toMillis() + " ms");
    }
}
