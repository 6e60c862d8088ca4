package io.wabridge.client.binary;

/** A string (tag, attribute or text) whose bytes are not well-formed UTF-8. */
public final class InvalidUtf8Exception extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    InvalidUtf8Exception(String message, int position) {
        super(message, position);
    }
}
