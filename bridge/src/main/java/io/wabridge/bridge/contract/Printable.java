package io.wabridge.bridge.contract;

import java.nio.charset.StandardCharsets;

/** Makes producer-supplied text safe to quote in an error message: bounded, no control characters. */
public final class Printable {

    static final int MAX = 128;
    /** For library error texts, which quote input themselves. */
    static final int MAX_DETAIL = 300;

    private Printable() {
    }

    /** Producer values quoted in messages: at most {@link #MAX} characters. */
    static String truncate(String s) {
        return truncate(s, MAX);
    }

    /** Library error texts (parser messages), which may quote input: at most {@link #MAX_DETAIL} characters. */
    public static String detail(Throwable t) {
        return truncate(String.valueOf(t.getMessage()), MAX_DETAIL);
    }

    private static String truncate(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 3);
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (s.length() > max) {
            b.append("...");
        }
        return b.toString();
    }

    static String bytes(byte[] value) {
        return truncate(new String(value, 0, Math.min(value.length, MAX * 4), StandardCharsets.UTF_8));
    }
}
