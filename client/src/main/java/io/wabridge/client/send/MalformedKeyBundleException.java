package io.wabridge.client.send;

/** A prekey bundle on the wire ({@code <key>} response or retry receipt keys) is missing or has a bad field. */
public final class MalformedKeyBundleException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedKeyBundleException(String message) {
        super(message);
    }
}
