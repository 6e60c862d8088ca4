package io.wabridge.client.binary;

/** Children nested deeper than the decoder allows. */
public final class NodeTooDeepException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    NodeTooDeepException(String message, int position) {
        super(message, position);
    }
}
