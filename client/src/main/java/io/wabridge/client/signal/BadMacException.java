package io.wabridge.client.signal;

/** A well-formed message that no state of the session decrypts: its MAC does not verify (corrupted, or the session is out of sync). */
public final class BadMacException extends SignalCipherException {

    private static final long serialVersionUID = 1L;

    public BadMacException(String message) {
        this(message, null);
    }

    public BadMacException(String message, Throwable cause) {
        super(message, RetryReason.BAD_MAC, cause);
    }
}
