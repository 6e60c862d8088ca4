package io.wabridge.launcher.cli;

/** One JSON object on one line, built field by field (strings escaped, numbers and booleans as they are). */
final class JsonLine {
    private final StringBuilder out = new StringBuilder("{");

    static JsonLine type(String type) {
        return new JsonLine().field("type", type);
    }

    JsonLine field(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    JsonLine field(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    JsonLine field(String name, boolean value) {
        key(name);
        out.append(value);
        return this;
    }

    JsonLine field(String name, java.util.List<String> values) {
        key(name);
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(values.get(i));
        }
        out.append(']');
        return this;
    }

    private void key(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        quote(name);
        out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out + "}";
    }
}
