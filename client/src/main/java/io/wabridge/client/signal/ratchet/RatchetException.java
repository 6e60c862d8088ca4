package io.wabridge.client.signal.ratchet;

/** A ratchet encrypt or decrypt failed; {@link #kind()} says why (the caller maps it to its retry reason). */
public final class RatchetException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an operation failed, in libsignal's terms. */
    public enum Kind {
        /** No record, or a record without a current state. */
        NO_SESSION,
        /** The ciphertext is no SignalMessage (too short, bad protobuf, bad ratchet key). */
        MALFORMED,
        /** Message version below 3. */
        LEGACY_VERSION,
        /** Message version above 3. */
        UNKNOWN_VERSION,
        /** No state of the record decrypts it (bad MAC, unknown chain, too far ahead). */
        DECRYPTION_FAILED,
        /** The message key was used already. */
        DUPLICATE,
        /** The identity policy refuses the peer's identity key. */
        UNTRUSTED_IDENTITY,
        /** The stored state cannot be used (libsignal's InvalidSessionStructure). */
        INVALID_SESSION
    }

    private final Kind kind;

    RatchetException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
