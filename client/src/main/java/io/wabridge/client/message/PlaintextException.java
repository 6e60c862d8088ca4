package io.wabridge.client.message;

/** A decrypted plaintext that is not a padded WhatsApp message. */
public abstract sealed class PlaintextException extends Exception
        permits InvalidPaddingException, MalformedMessageException {

    private static final long serialVersionUID = 1L;

    PlaintextException(String message, Throwable cause) {
        super(message, cause);
    }
}
