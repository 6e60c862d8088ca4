package io.wabridge.client.binary;

/** A tag byte that is unknown, or not allowed where it stands (a list where a string belongs, ...). */
public final class InvalidTagException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    InvalidTagException(String message, int position) {
        super(message, position);
    }
}
