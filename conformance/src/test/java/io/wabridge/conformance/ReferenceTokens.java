package io.wabridge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The token lists of one dictionary version as Baileys holds them ({@code codec-fuzz.mjs tokens}). The fuzz draws
 * its token strings from these, not from our tables, so a missing, changed or swapped entry in ours shows up as a
 * mismatch instead of being generated and checked by the same wrong table.
 */
record ReferenceTokens(int version, List<String> single, List<String> doubleByte, Set<String> tokens) {

    /** Reads {@code {"single": [...], "double": [[...], ...]}}; index 0 of the single list is the empty string. */
    static ReferenceTokens fromJson(int version, JsonNode lists) {
        List<String> single = strings(lists.get("single"));
        List<String> doubleByte = new ArrayList<>();
        lists.get("double").forEach(dictionary -> doubleByte.addAll(strings(dictionary)));
        if (single.size() != 236 || !single.getFirst().isEmpty() || doubleByte.size() != 1024) {
            throw new IllegalStateException("unexpected token list shape for version " + version + ": "
                    + single.size() + " single, " + doubleByte.size() + " double");
        }
        Set<String> tokens = new HashSet<>(single.subList(1, single.size()));
        tokens.addAll(doubleByte);
        return new ReferenceTokens(version, List.copyOf(single), List.copyOf(doubleByte), Set.copyOf(tokens));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(item -> out.add(item.textValue()));
        return out;
    }

    /** A non-empty string the encoders send as a single- or double-byte token. */
    boolean isToken(String s) {
        return tokens.contains(s);
    }
}
