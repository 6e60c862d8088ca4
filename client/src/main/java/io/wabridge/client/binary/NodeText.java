package io.wabridge.client.binary;

/**
 * The XML-like text form of nodes, for logs, tests and the {@code decode-node} / {@code encode-node} tools.
 *
 * <pre>
 * &lt;iq id="1" type="get" to="@s.whatsapp.net"&gt;&lt;count/&gt;&lt;/iq&gt;   attributes in order, no content
 * &lt;list&gt;&lt;/list&gt;                  an empty child list
 * &lt;enc v="2"&gt;[0a0bff]&lt;/enc&gt;      binary content: lowercase hex in brackets ([] when empty)
 * &lt;value&gt;123&lt;/value&gt;             text content
 * &lt;value&gt;""&lt;/value&gt;              the empty text
 * </pre>
 *
 * Attribute values and text escape {@code & < > "} as {@code &amp; &lt; &gt; &quot;}, control characters and
 * unpaired surrogates as {@code &#xH;}, and a text starting with {@code [} escapes it as {@code &#x5b;}. A tag or
 * key outside {@code [A-Za-z0-9_:.-]} is written in double quotes, escaped the same way.
 * {@link #format} output parses back to an equal node and formats back to the same text. {@link #parse} also
 * accepts whitespace between attributes and between child elements, and single-quoted values.
 */
public final class NodeText {

    private NodeText() {
    }

    /** The full text form; {@link #parse} reads it back to an equal node. */
    public static String format(Node node) {
        StringBuilder sb = new StringBuilder(64);
        NodeTextWriter.write(sb, node, false);
        return sb.toString();
    }

    /** The text form with binary content shown as {@code [N bytes]}, for logs ({@link Node#toString()}). */
    public static String formatRedacted(Node node) {
        StringBuilder sb = new StringBuilder(64);
        NodeTextWriter.write(sb, node, true);
        return sb.toString();
    }

    /**
     * Reads the text form.
     *
     * @throws NodeTextSyntaxException if the text is not a node in this form (redacted binary included)
     */
    public static Node parse(String text) {
        return new NodeTextParser(text).parseDocument();
    }
}
