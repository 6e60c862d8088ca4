package io.wabridge.conformance;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeText;

/**
 * One node on which our codec and Baileys' disagree, with what a developer needs to reproduce it: the seed and
 * index that regenerate the node, the node in {@link NodeText} form and both byte strings in hex.
 */
record CodecMismatch(int version, long seed, int index, boolean decodeOnly, String direction, String problem,
        Node node, String ourHex, String baileysHex, String expected, String actual) {

    /** Context shown either side of the first differing byte when long byte strings are cut. */
    private static final int WINDOW = 48;

    /** Size of the node's text form, to pick the smallest mismatch to show. */
    int size() {
        return NodeText.format(node).length();
    }

    /** The report; {@code limit} &gt; 0 cuts each long field (hex around the first difference). */
    String describe(int limit) {
        int diff = firstDifference(ourHex, baileysHex);
        return "dictionary " + version + ", seed " + seed + ", " + (decodeOnly ? "decode-only " : "") + "node #" + index
                + "\n  " + direction + ": " + problem
                + "\n  node:     " + cut(NodeText.format(node), limit)
                + (diff >= 0 ? "\n  bytes differ first at byte " + diff / 2 : "")
                + "\n  ours:     " + hex(ourHex, diff, limit)
                + "\n  baileys:  " + hex(baileysHex, diff, limit)
                + (expected == null ? "" : "\n  expected: " + cut(expected, limit))
                + (actual == null ? "" : "\n  actual:   " + cut(actual, limit))
                + "\n  reproduce: ./mvnw -B -pl conformance -am verify -Dtest=CodecDifferentialFuzzTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dwabridge.fuzz.seed=" + seed + "\n";
    }

    /** Index (in hex characters, even) of the first differing byte, or -1 if equal or one is missing. */
    private static int firstDifference(String a, String b) {
        if (a == null || b == null || a.equals(b)) {
            return -1;
        }
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i & ~1;
    }

    private static String hex(String hex, int diff, int limit) {
        if (hex == null || limit <= 0 || hex.length() <= limit || diff < 0) {
            return cut(hex, limit);
        }
        int from = Math.max(0, diff - 2 * WINDOW);
        int to = Math.min(hex.length(), diff + 2 * WINDOW);
        return (from > 0 ? "..." : "") + hex.substring(from, to) + (to < hex.length() ? "..." : "")
                + " (bytes " + from / 2 + " to " + to / 2 + " of " + hex.length() / 2 + ")";
    }

    private static String cut(String s, int limit) {
        if (s == null) {
            return "<none>";
        }
        return limit <= 0 || s.length() <= limit ? s
                : s.substring(0, limit) + "... (" + s.length() + " characters)";
    }
}
