package io.wabridge.simulator.pairing;

/** Deliberate defects in the pair-success the phone sends, so a client's negative tests can see it refuse them. */
public enum PairingForgery {
    NONE,
    /** The account signature is made over other bytes: a client that verifies it must refuse (401 signature-mismatch). */
    BAD_ACCOUNT_SIGNATURE,
    /** The HMAC is keyed with another secret: a client must refuse (401 hmac-mismatch). */
    BAD_HMAC
}
