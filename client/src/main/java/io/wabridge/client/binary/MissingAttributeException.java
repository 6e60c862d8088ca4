package io.wabridge.client.binary;

import java.util.NoSuchElementException;

/** Thrown by {@link Node#requireAttr} when a node lacks an attribute its reader needs. */
public final class MissingAttributeException extends NoSuchElementException {

    private static final long serialVersionUID = 1L;

    MissingAttributeException(String tag, String key) {
        super("<" + tag + "> has no attribute \"" + key + "\"");
    }
}
