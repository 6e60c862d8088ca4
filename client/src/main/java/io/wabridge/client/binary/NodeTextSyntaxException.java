package io.wabridge.client.binary;

/** Text that is not in the form {@link NodeText#parse} reads. */
public final class NodeTextSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    NodeTextSyntaxException(String message, int offset) {
        super(message + " (at character " + offset + ")");
        this.offset = offset;
    }

    /** Character offset in the parsed text where the problem was found. */
    public int offset() {
        return offset;
    }
}
