package io.wabridge.client.binary;

/** A compressed frame whose zlib stream is damaged, truncated or followed by extra bytes. */
public final class CorruptCompressionException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    CorruptCompressionException(String message, int position) {
        super(message, position);
    }
}
