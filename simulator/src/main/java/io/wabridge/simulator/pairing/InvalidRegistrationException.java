package io.wabridge.simulator.pairing;

/** A registration ClientPayload whose devicePairingData is incomplete or inconsistent. */
public final class InvalidRegistrationException extends IllegalArgumentException {
    public InvalidRegistrationException(String message) {
        super(message);
    }
}
