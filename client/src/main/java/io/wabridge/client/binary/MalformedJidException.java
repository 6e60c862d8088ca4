package io.wabridge.client.binary;

/** A JID_PAIR, AD_JID, FB_JID or INTEROP_JID whose parts do not form a valid JID. */
public final class MalformedJidException extends MalformedNodeException {

    private static final long serialVersionUID = 1L;

    MalformedJidException(String message, int position) {
        super(message, position);
    }
}
