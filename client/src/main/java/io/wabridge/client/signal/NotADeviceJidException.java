package io.wabridge.client.signal;

/** A JID that names no user device (a group, a broadcast list, a server JID...) where one was required. */
public final class NotADeviceJidException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NotADeviceJidException(String message) {
        super(message);
    }
}
