package io.wabridge.simulator.account;

/** The account has no linked device with this id. */
public final class UnknownDeviceException extends RuntimeException {
    public UnknownDeviceException(String message) {
        super(message);
    }
}
