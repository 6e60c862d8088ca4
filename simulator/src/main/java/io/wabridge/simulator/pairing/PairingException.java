package io.wabridge.simulator.pairing;

/** A pairing the phone could not complete; {@link #reason()} says why in a form the control API maps to a status. */
public final class PairingException extends RuntimeException {

    public enum Reason {
        /** No waiting connection holds this ref (never issued, or its connection closed). */
        UNKNOWN_REF,
        /** The ref's time on screen is over; the companion shows a newer one. */
        EXPIRED_REF,
        /** The QR's keys are not those of the connection holding the ref. */
        KEY_MISMATCH,
        /** Another scan of this connection is in progress or done. */
        ALREADY_PAIRING,
        /** No companion asked this account for a pairing code. */
        NO_PENDING_CODE,
        /** The typed code is not 8 characters of the pairing alphabet. */
        INVALID_CODE,
        /** The companion's key bundle did not decrypt: the code typed was not the one it shows. */
        CODE_MISMATCH,
        /** The companion answered pair-success with an error (e.g. 401 hmac-mismatch). */
        REJECTED_BY_COMPANION,
        /** The companion's pair-device-sign is malformed or its device signature does not verify. */
        BAD_DEVICE_SIGNATURE,
        /** The companion's connection closed before the pairing finished. */
        CONNECTION_CLOSED,
        /** The companion did not answer pair-success in time. */
        TIMEOUT
    }

    private final Reason reason;

    public PairingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PairingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
