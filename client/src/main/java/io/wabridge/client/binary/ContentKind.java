package io.wabridge.client.binary;

/** What a node holds between its tags. */
public enum ContentKind {
    /** Nothing: {@code <tag/>}. */
    NONE,
    /** A list of child nodes, possibly empty: {@code <tag></tag>}, {@code <tag><a/></tag>}. */
    CHILDREN,
    /** Binary data (BINARY_8/20/32 on the wire). */
    BYTES,
    /**
     * A string sent in a string encoding (token, packed digits or hex, JID). A text that fits none of these goes
     * out as raw bytes, exactly as in the reference clients, and therefore comes back as {@link #BYTES}.
     */
    TEXT
}
