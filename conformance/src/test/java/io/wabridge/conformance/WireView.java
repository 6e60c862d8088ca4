package io.wabridge.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What a node reads back as after a trip through the wire, by either implementation, and the canonical JSON both
 * sides compare: {@code {"tag", "attrs": [[key, value], ...], "content"?: [children] | {"hex"} | {"text"}}}.
 *
 * <p>Read-back rules (the same in Baileys and ours, written here from the encoding rules, not from either codec):
 * <ul>
 * <li>Text in no string form (not a token, not packable, no JID) is written as BINARY_* bytes, and every decoder
 *     reads BINARY_* content as bytes: it comes back as bytes holding its UTF-8. In dictionary 3 this includes the
 *     empty text (an empty BINARY_8).
 * <li>In dictionary 2 the empty string is token 0, the LIST_EMPTY byte, which in content position is an empty
 *     child list: the empty text comes back as {@code <tag></tag>}.
 * <li>Attribute values held as JIDs compare by their canonical text.
 * </ul>
 */
final class WireView {

    private static final HexFormat HEX = HexFormat.of();
    private static final int PACKED_MAX = 127;

    private WireView() {
    }

    /** The node as it reads back from the wire in the tokens' dictionary version. */
    static Node afterWire(Node node, ReferenceTokens tokens) {
        NodeBuilder b = Node.builder(node.tag());
        for (int i = 0; i < node.attrCount(); i++) {
            b.attr(node.attrKey(i), node.attrValue(i));
        }
        switch (node.contentKind()) {
            case CHILDREN -> {
                b.children();
                for (Node child : node.children()) {
                    b.child(afterWire(child, tokens));
                }
            }
            case BYTES -> b.bytes(node.bytes());
            case TEXT -> {
                String text = node.text();
                if (tokens.version() == 2 && text.isEmpty()) {
                    b.children();
                } else if (sentRaw(text, tokens)) {
                    b.bytes(text.getBytes(StandardCharsets.UTF_8));
                } else {
                    b.text(text);
                }
            }
            case NONE -> { }
        }
        return b.build();
    }

    /**
     * True if the encoders send this string as raw BINARY_* bytes: the empty string of dictionary 3, or a string
     * that is no token, not packable and has no '@' (the generator gives every '@' string a JID form).
     */
    static boolean sentRaw(String s, ReferenceTokens tokens) {
        if (s.isEmpty()) {
            return tokens.version() == 3;
        }
        return !tokens.isToken(s) && !packable(s) && s.indexOf('@') < 0;
    }

    /** NIBBLE_8 (digits, '-', '.') or HEX_8 (digits, 'A'-'F'), at most 127 characters. */
    private static boolean packable(String s) {
        if (s.length() > PACKED_MAX) {
            return false;
        }
        boolean nibble = true;
        boolean hex = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            nibble &= digit || c == '-' || c == '.';
            hex &= digit || c >= 'A' && c <= 'F';
        }
        return nibble || hex;
    }

    /** The canonical JSON of a node, content taken as it is (apply {@link #afterWire} first for a read-back). */
    static ObjectNode json(Node node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.put("tag", node.tag());
        ArrayNode attrs = out.putArray("attrs");
        for (int i = 0; i < node.attrCount(); i++) {
            attrs.addArray().add(node.attrKey(i)).add(node.attrValue(i));
        }
        switch (node.contentKind()) {
            case CHILDREN -> {
                ArrayNode children = out.putArray("content");
                node.children().forEach(child -> children.add(json(child)));
            }
            case BYTES -> out.putObject("content").put("hex", HEX.formatHex(node.bytes()));
            case TEXT -> out.putObject("content").put("text", node.text());
            case NONE -> { }
        }
        return out;
    }
}
