package io.wabridge.client.media;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the flat JSON object a media host answers an upload with ({@code {"url": "...", "direct_path": "...",
 * "handle": "...", ...}}): top-level string, number and boolean members become strings; nested values are
 * skipped. Enough for that answer without a JSON library in the client.
 */
final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    static Map<String, String> parse(String json) {
        try {
            return new FlatJson(json).object();
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("truncated or malformed JSON", e);
        }
    }

    private Map<String, String> object() {
        Map<String, String> out = new HashMap<>();
        ws();
        expect('{');
        ws();
        if (peek() == '}') {
            i++;
            return out;
        }
        while (true) {
            ws();
            String key = string();
            ws();
            expect(':');
            ws();
            char c = peek();
            if (c == '"') {
                out.put(key, string());
            } else if (c == '{' || c == '[') {
                skipNested();
            } else {
                int start = i;
                while (i < s.length() && ",} \t\r\n".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.put(key, s.substring(start, i));
            }
            ws();
            char next = s.charAt(i++);
            if (next == '}') {
                return out;
            }
            if (next != ',') {
                throw new IllegalArgumentException("bad JSON at " + (i - 1));
            }
        }
    }

    private void skipNested() {
        int depth = 0;
        do {
            char c = s.charAt(i);
            if (c == '"') {
                string();
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        } while (depth > 0);
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw new IllegalArgumentException("truncated JSON");
        }
        return s.charAt(i);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i);
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
