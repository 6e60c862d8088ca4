package io.wabridge.client.auth;

/**
 * A pairing stanza was refused. {@link #errorCode()} / {@link #errorText()} are what the client answers the server
 * with ({@code <iq type=error><error code text/>}), as WhatsApp Web does: 401 for a failed HMAC or signature, 400 for
 * a malformed stanza.
 */
public final class PairingException extends Exception {
    private final int errorCode;
    private final String errorText;

    public PairingException(int errorCode, String errorText, String message) {
        super(message);
        this.errorCode = errorCode;
        this.errorText = errorText;
    }

    public PairingException(int errorCode, String errorText, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.errorText = errorText;
    }

    public int errorCode() {
        return errorCode;
    }

    public String errorText() {
        return errorText;
    }
}
