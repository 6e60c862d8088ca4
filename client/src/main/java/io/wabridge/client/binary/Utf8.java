package io.wabridge.client.binary;

/**
 * UTF-8 without the JDK's silent replacement: encoding rejects unpaired surrogates, validation rejects every
 * ill-formed sequence of RFC 3629 (overlong forms, surrogates, code points above U+10FFFF, bad continuations).
 */
final class Utf8 {

    private Utf8() {
    }

    /** Encoded length of s. */
    static int encodedLength(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // 4 bytes for the pair of 2 chars
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new NodeEncodingException("unpaired surrogate U+" + Integer.toHexString(c) + " at index " + i
                        + " cannot be encoded as UTF-8");
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /** Writes s (already checked by {@link #encodedLength}) at dst[pos]; returns the position after it. */
    static int encode(String s, byte[] dst, int pos) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst[pos++] = (byte) c;
            } else if (c < 0x800) {
                dst[pos++] = (byte) (0xC0 | c >> 6);
                dst[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst[pos++] = (byte) (0xF0 | cp >> 18);
                dst[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                dst[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                dst[pos++] = (byte) (0x80 | cp & 0x3F);
            } else {
                dst[pos++] = (byte) (0xE0 | c >> 12);
                dst[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                dst[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return pos;
    }

    /** Index of the first byte of the first ill-formed sequence in b[from, to), or -1 if all is well-formed. */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                if (c == 0xE0) {
                    lo = 0xA0; // overlong
                } else if (c == 0xED) {
                    hi = 0x9F; // surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                if (c == 0xF0) {
                    lo = 0x90; // overlong
                } else if (c == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return i;
            }
            if (i + need >= to) { // sequence cut off by the end
                return i;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return i;
            }
            for (int k = 2; k <= need; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
