package io.wabridge.client.binary;

/** A node with an empty list header or an empty tag. */
public final class InvalidNodeException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    InvalidNodeException(String message, int position) {
        super(message, position);
    }
}
