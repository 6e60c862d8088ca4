package io.wabridge.client.binary;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of the token dictionary: the single-byte and double-byte string tables and a reverse index, built
 * once per version and shared by every codec of that version.
 */
final class TokenDictionary {

    static final TokenDictionary V2 = new TokenDictionary(2, TokensV2.SINGLE_BYTE, TokensV2.DOUBLE_BYTE);
    static final TokenDictionary V3 = new TokenDictionary(3, TokensV3.SINGLE_BYTE, TokensV3.DOUBLE_BYTE);

    /** {@link #lookup} result for a string that is no token. */
    static final int NONE = -1;

    private final int version;
    private final String[] single;
    private final String[] dbl;
    /**
     * Token to code: a single-byte token maps to its byte (1..235), a double-byte token {@code (d, i)} to
     * {@code 256 * (d + 1) + i}.
     */
    private final Map<String, Integer> codes;

    private TokenDictionary(int version, String[] single, String[] dbl) {
        if (single.length != BinaryTags.DICTIONARY_0 || dbl.length != 4 * 256 || !single[0].isEmpty()) {
            throw new IllegalStateException("token tables of version " + version + " have the wrong shape");
        }
        this.version = version;
        this.single = single;
        this.dbl = dbl;
        Map<String, Integer> map = new HashMap<>(2 * (single.length + dbl.length));
        for (int i = 1; i < single.length; i++) {
            putUnique(map, single[i], i);
        }
        for (int i = 0; i < dbl.length; i++) {
            putUnique(map, dbl[i], 256 + i);
        }
        this.codes = map;
    }

    private void putUnique(Map<String, Integer> map, String token, int code) {
        if (map.putIfAbsent(token, code) != null) {
            throw new IllegalStateException("token \"" + token + "\" appears twice in version " + version);
        }
    }

    static TokenDictionary forVersion(int version) {
        return switch (version) {
            case 2 -> V2;
            case 3 -> V3;
            default -> throw new IllegalArgumentException("unknown dictionary version " + version + " (know 2 and 3)");
        };
    }

    int version() {
        return version;
    }

    /** The code of a token (see {@link #codes}), or {@link #NONE}. */
    int lookup(String s) {
        Integer code = codes.get(s);
        return code == null ? NONE : code;
    }

    /** Number of single-byte entries, including the unused empty string at 0. */
    int singleByteCount() {
        return single.length;
    }

    String singleByte(int index) {
        return single[index];
    }

    String doubleByte(int dictionary, int index) {
        return dbl[dictionary << 8 | index];
    }

    List<String> singleByteTokens() {
        return Collections.unmodifiableList(Arrays.asList(single));
    }

    /** The four double-byte dictionaries, concatenated in order. */
    List<String> doubleByteTokens() {
        return Collections.unmodifiableList(Arrays.asList(dbl));
    }
}
