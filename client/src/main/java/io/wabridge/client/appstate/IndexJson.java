package io.wabridge.client.appstate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A mutation's index: a JSON array of strings ({@code ["archive","123@s.whatsapp.net"]}). Encoding matches
 * JavaScript's {@code JSON.stringify} byte for byte (the index MAC covers these bytes, and WhatsApp Web and Baileys
 * produce them that way); parsing accepts any JSON array of strings, numbers, booleans and nulls (non-strings kept
 * as their JSON text).
 */
public final class IndexJson {

    private IndexJson() {
    }

    public static byte[] encode(List<String> parts) {
        StringBuilder sb = new StringBuilder(16 * parts.size() + 2).append('[');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, parts.get(i));
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || (Character.isSurrogate(c) && !pairedAt(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** The array's elements; {@link IllegalArgumentException} if it is not a JSON array. */
    public static List<String> parse(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        Parser p = new Parser(s);
        try {
            List<String> out = p.array();
            p.ws();
            if (p.i != s.length()) {
                throw new IllegalArgumentException("trailing characters after the index array");
            }
            return out;
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("truncated or malformed index JSON", e);
        }
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) {
            this.s = s;
        }

        void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        List<String> array() {
            ws();
            expect('[');
            List<String> out = new ArrayList<>();
            ws();
            if (s.charAt(i) == ']') {
                i++;
                return out;
            }
            while (true) {
                ws();
                out.add(s.charAt(i) == '"' ? string() : scalar());
                ws();
                char c = s.charAt(i++);
                if (c == ']') {
                    return out;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or ] at " + (i - 1));
                }
            }
        }

        String scalar() {
            int start = i;
            while (i < s.length() && ",] \t\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String token = s.substring(start, i);
            if (token.isEmpty() || !(token.equals("true") || token.equals("false") || token.equals("null")
                    || token.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?"))) {
                throw new IllegalArgumentException("unexpected index element at " + start);
            }
            return token;
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }

        void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i);
            }
            i++;
        }
    }
}
