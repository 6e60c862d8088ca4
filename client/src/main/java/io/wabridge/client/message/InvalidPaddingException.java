package io.wabridge.client.message;

/** The plaintext does not end in valid padding (n bytes of value n, 1 <= n <= 16). */
public final class InvalidPaddingException extends PlaintextException {

    private static final long serialVersionUID = 1L;

    public InvalidPaddingException(String message) {
        super(message, null);
    }
}
