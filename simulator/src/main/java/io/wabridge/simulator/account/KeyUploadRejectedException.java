package io.wabridge.simulator.account;

/** A prekey upload that does not belong to the device that sent it (other registration id or identity). */
public final class KeyUploadRejectedException extends RuntimeException {
    public KeyUploadRejectedException(String message) {
        super(message);
    }
}
