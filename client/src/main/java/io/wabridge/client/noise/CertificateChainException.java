package io.wabridge.client.noise;

/** The server's certificate chain was rejected; {@link #reason()} says which check failed. */
public final class CertificateChainException extends NoiseException {

    public enum Reason {
        /** The chain or a certificate's details do not parse, or a part is missing or mis-sized. */
        MALFORMED,
        /** The intermediate is not signed by the trusted root key (wrong root, or altered intermediate). */
        INTERMEDIATE_SIGNATURE_INVALID,
        /** The intermediate does not name the root (serial 0) as its issuer. */
        INTERMEDIATE_ISSUER_MISMATCH,
        /** The leaf is not signed by the intermediate's key (altered leaf, or foreign intermediate). */
        LEAF_SIGNATURE_INVALID,
        /** The leaf's issuer serial is not the intermediate's serial. */
        LEAF_ISSUER_MISMATCH,
        /** The leaf certifies a different key than the static key the server proved in the handshake. */
        LEAF_KEY_MISMATCH,
        /** A certificate's notBefore is still in the future. */
        NOT_YET_VALID,
        /** A certificate's notAfter has passed. */
        EXPIRED
    }

    private final Reason reason;

    public CertificateChainException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public CertificateChainException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
