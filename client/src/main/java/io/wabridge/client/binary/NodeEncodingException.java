package io.wabridge.client.binary;

/** A node that cannot be put on the wire (too many attributes or children, a string that is not valid Unicode). */
public final class NodeEncodingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    NodeEncodingException(String message) {
        super(message);
    }
}
