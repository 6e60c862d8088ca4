package io.wabridge.client.binary;

/** A declared length or count (bytes, list size, children) that cannot fit in the bytes that remain. */
public final class LengthOutOfRangeException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    LengthOutOfRangeException(String message, int position) {
        super(message, position);
    }
}
