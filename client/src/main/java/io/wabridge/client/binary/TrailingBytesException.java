package io.wabridge.client.binary;

/** Bytes left over after the node that the frame holds. */
public final class TrailingBytesException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    TrailingBytesException(String message, int position) {
        super(message, position);
    }
}
