package io.wabridge.client.binary;

/** A node carrying the same attribute key twice. */
public final class DuplicateAttributeException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    DuplicateAttributeException(String message, int position) {
        super(message, position);
    }
}
