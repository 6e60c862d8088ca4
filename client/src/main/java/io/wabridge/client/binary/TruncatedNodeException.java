package io.wabridge.client.binary;

/** The data ended in the middle of an item. */
public final class TruncatedNodeException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    TruncatedNodeException(String message, int position) {
        super(message, position);
    }
}
