package io.wabridge.client.binary;

/** A NIBBLE_8 or HEX_8 string with a nibble outside its alphabet or a bad padding. */
public final class InvalidPackedStringException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    InvalidPackedStringException(String message, int position) {
        super(message, position);
    }
}
