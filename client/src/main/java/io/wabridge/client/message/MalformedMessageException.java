package io.wabridge.client.message;

/** The unpadded plaintext is not a Message protobuf. */
public final class MalformedMessageException extends PlaintextException {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
