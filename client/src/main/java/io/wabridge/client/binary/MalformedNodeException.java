package io.wabridge.client.binary;

/**
 * A frame or node that cannot be decoded. Each kind of damage has its own subclass; all of them concern only the
 * frame at hand, so a caller drops that frame (or that connection) and carries on.
 *
 * <p>These are data errors, not bugs: they carry the byte position in their message and skip the stack trace,
 * which a hostile peer could otherwise make us fill thousands of times a second.
 */
public abstract sealed class MalformedNodeException extends Exception
        permits TruncatedNodeException, LengthOutOfRangeException, InvalidTagException, InvalidNodeException,
        InvalidPackedStringException, MalformedJidException, InvalidUtf8Exception, TrailingBytesException,
        NodeTooDeepException, DuplicateAttributeException, InflatedSizeExceededException,
        CorruptCompressionException {

    private static final long serialVersionUID = 1L;

    private final int position;

    MalformedNodeException(String message, int position) {
        super(position >= 0 ? message + " (at byte " + position + ")" : message, null, false, false);
        this.position = position;
    }

    /** Offset in the (inflated) node bytes where decoding failed, or -1 for frame-level errors. */
    public int position() {
        return position;
    }
}
