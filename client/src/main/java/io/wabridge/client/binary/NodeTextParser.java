package io.wabridge.client.binary;

import java.util.ArrayList;
import java.util.List;

/** Reads the text form described in {@link NodeText}; one use per instance. */
final class NodeTextParser {

    private final String s;
    private int pos;

    NodeTextParser(String text) {
        this.s = text;
    }

    Node parseDocument() {
        skipWhitespace();
        Node node = element(0);
        skipWhitespace();
        if (pos != s.length()) {
            throw error("text after the root element");
        }
        return node;
    }

    private NodeTextSyntaxException error(String message) {
        return new NodeTextSyntaxException(message, pos);
    }

    private boolean skipWhitespace() {
        int start = pos;
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private void expect(char c) {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private boolean at(String token) {
        return s.startsWith(token, pos);
    }

    private Node element(int depth) {
        if (depth > NodeDecoder.MAX_DEPTH) {
            throw error("elements nested deeper than " + NodeDecoder.MAX_DEPTH);
        }
        expect('<');
        int tagAt = pos;
        String tag = name();
        if (tag.isEmpty()) {
            pos = tagAt;
            throw error("empty tag");
        }
        NodeBuilder builder = Node.builder(tag);
        List<String> keys = new ArrayList<>(4);
        while (true) {
            boolean spaced = skipWhitespace();
            if (at("/>")) {
                pos += 2;
                return builder.build();
            }
            if (at(">")) {
                pos++;
                break;
            }
            if (!spaced) {
                throw error("expected whitespace, '>' or '/>'");
            }
            int keyAt = pos;
            String key = name();
            skipWhitespace();
            expect('=');
            skipWhitespace();
            String value = quoted();
            if (keys.contains(key)) {
                pos = keyAt;
                throw error("duplicate attribute \"" + key + "\"");
            }
            keys.add(key);
            builder.attr(key, value);
        }
        content(builder, depth);
        closeTag(tag);
        return builder.build();
    }

    private void content(NodeBuilder builder, int depth) {
        if (at("</")) {
            builder.children(List.of());
            return;
        }
        int start = pos;
        skipWhitespace();
        if (at("<") && !at("</")) {
            while (true) {
                builder.child(element(depth + 1));
                skipWhitespace();
                if (at("</")) {
                    return;
                }
                if (!at("<")) {
                    throw error("text mixed with child elements");
                }
            }
        }
        pos = start;
        int lt = s.indexOf('<', pos);
        if (lt < 0) {
            throw error("unclosed element");
        }
        String raw = s.substring(pos, lt);
        pos = lt;
        if (!at("</")) {
            throw error("text mixed with child elements");
        }
        if (raw.equals("\"\"")) {
            builder.text("");
        } else if (raw.startsWith("[")) {
            builder.bytes(hex(raw, start));
        } else {
            builder.text(unescape(raw, start));
        }
    }

    private byte[] hex(String raw, int at) {
        if (!raw.endsWith("]") || raw.length() < 2) {
            throw new NodeTextSyntaxException("binary content must be [hex]", at);
        }
        String digits = raw.substring(1, raw.length() - 1);
        if (digits.endsWith(" bytes")) {
            throw new NodeTextSyntaxException("redacted binary content cannot be parsed; use NodeText.format", at);
        }
        if (digits.length() % 2 != 0) {
            throw new NodeTextSyntaxException("odd number of hex digits", at);
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(digits.charAt(2 * i), 16);
            int lo = digit(digits.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new NodeTextSyntaxException("not a hex digit", at + 1 + 2 * i);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private void closeTag(String tag) {
        int closeAt = pos;
        if (!at("</")) {
            throw error("expected </" + tag + ">");
        }
        pos += 2;
        String name = name();
        if (!name.equals(tag)) {
            pos = closeAt;
            throw error("</" + name + "> closes <" + tag + ">");
        }
        skipWhitespace();
        expect('>');
    }

    /** A bare name, or a quoted one (which may hold any character, even none). */
    private String name() {
        if (at("\"") || at("'")) {
            return quoted();
        }
        int start = pos;
        while (pos < s.length() && NodeTextWriter.isBareNameChar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a name");
        }
        return s.substring(start, pos);
    }

    private String quoted() {
        if (pos >= s.length() || s.charAt(pos) != '"' && s.charAt(pos) != '\'') {
            throw error("expected a quoted value");
        }
        char quote = s.charAt(pos++);
        int start = pos;
        int close = s.indexOf(quote, pos);
        if (close < 0) {
            throw error("unterminated quoted value");
        }
        pos = close + 1;
        return unescape(s.substring(start, close), start);
    }

    private static String unescape(String raw, int at) {
        int amp = raw.indexOf('&');
        if (amp < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        int i = 0;
        while (amp >= 0) {
            sb.append(raw, i, amp);
            int semi = raw.indexOf(';', amp);
            if (semi < 0) {
                throw new NodeTextSyntaxException("'&' without ';'", at + amp);
            }
            String entity = raw.substring(amp + 1, semi);
            switch (entity) {
                case "amp" -> sb.append('&');
                case "lt" -> sb.append('<');
                case "gt" -> sb.append('>');
                case "quot" -> sb.append('"');
                case "apos" -> sb.append('\'');
                default -> sb.appendCodePoint(codePoint(entity, at + amp));
            }
            i = semi + 1;
            amp = raw.indexOf('&', i);
        }
        return sb.append(raw, i, raw.length()).toString();
    }

    private static int codePoint(String entity, int at) {
        int cp = -1;
        if (entity.startsWith("#x") || entity.startsWith("#X")) {
            cp = number(entity.substring(2), 16);
        } else if (entity.startsWith("#")) {
            cp = number(entity.substring(1), 10);
        }
        if (cp < 0 || cp > Character.MAX_CODE_POINT) {
            throw new NodeTextSyntaxException("unknown entity &" + entity + ";", at);
        }
        return cp;
    }

    private static int number(String digits, int radix) {
        if (digits.isEmpty() || digits.length() > 8) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digit(digits.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }

    /** An ASCII digit's value (0-9, a-f, A-F within the radix), or -1; unlike Character.digit, no other scripts. */
    private static int digit(char c, int radix) {
        int v = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        return v < radix ? v : -1;
    }
}
