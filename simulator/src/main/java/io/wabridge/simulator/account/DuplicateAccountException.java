package io.wabridge.simulator.account;

/** A phone account with this number exists already. */
public final class DuplicateAccountException extends RuntimeException {
    public DuplicateAccountException(String message) {
        super(message);
    }
}
