package io.wabridge.client.binary;

/** A compressed frame that inflates beyond the configured limit (a compression bomb). */
public final class InflatedSizeExceededException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    InflatedSizeExceededException(String message, int position) {
        super(message, position);
    }
}
