package io.wabridge.simulator.account;

/** No phone account with this number. */
public final class UnknownAccountException extends RuntimeException {
    public UnknownAccountException(String message) {
        super(message);
    }
}
