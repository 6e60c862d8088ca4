package io.wabridge.simulator.contact;

/** A simulated phone could not send: unknown recipient, no devices, a refused key, or the server's error ack. */
public final class ContactSendException extends RuntimeException {
    public ContactSendException(String message) {
        super(message);
    }

    public ContactSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
