package io.wabridge.client.binary;

import java.util.List;

/** Writes the text form described in {@link NodeText}. */
final class NodeTextWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private NodeTextWriter() {
    }

    static void write(StringBuilder sb, Node node, boolean redactBytes) {
        sb.append('<');
        name(sb, node.tag());
        Object[] attrs = node.attrArray();
        for (int i = 0; i < attrs.length; i += 2) {
            sb.append(' ');
            name(sb, (String) attrs[i]);
            sb.append("=\"");
            escape(sb, attrs[i + 1].toString(), false);
            sb.append('"');
        }
        Object content = node.content();
        if (content == null) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        if (content instanceof List<?> children) {
            for (Object child : children) {
                write(sb, (Node) child, redactBytes);
            }
        } else if (content instanceof byte[] bytes) {
            sb.append('[');
            if (redactBytes) {
                sb.append(bytes.length).append(" bytes");
            } else {
                for (byte b : bytes) {
                    sb.append(HEX[b >> 4 & 0xF]).append(HEX[b & 0xF]);
                }
            }
            sb.append(']');
        } else {
            String text = (String) content;
            if (text.isEmpty()) {
                sb.append("\"\"");
            } else {
                escape(sb, text, true);
            }
        }
        sb.append("</");
        name(sb, node.tag());
        sb.append('>');
    }

    static boolean isBareNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '_' || c == ':' || c == '.' || c == '-';
    }

    private static void name(StringBuilder sb, String name) {
        boolean bare = !name.isEmpty();
        for (int i = 0; bare && i < name.length(); i++) {
            bare = isBareNameChar(name.charAt(i));
        }
        if (bare) {
            sb.append(name);
        } else {
            sb.append('"');
            escape(sb, name, false);
            sb.append('"');
        }
    }

    private static void escape(StringBuilder sb, String s, boolean text) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 0x20 || c == 0x7F || text && i == 0 && c == '[') {
                        numeric(sb, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        numeric(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    private static void numeric(StringBuilder sb, char c) {
        sb.append("&#x").append(Integer.toHexString(c)).append(';');
    }
}
