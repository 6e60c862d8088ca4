package io.wabridge.simulator.account;

/** A phone number that is not international digits (7 to 15 digits, no leading 0, no '+'). */
public final class InvalidPhoneNumberException extends IllegalArgumentException {
    public InvalidPhoneNumberException(String message) {
        super(message);
    }
}
