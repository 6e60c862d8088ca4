package io.wabridge.simulator.pairing;

/** A scanned string that is not a WhatsApp linking QR code; the message says which part is wrong. */
public final class InvalidQrException extends IllegalArgumentException {
    public InvalidQrException(String message) {
        super(message);
    }
}
