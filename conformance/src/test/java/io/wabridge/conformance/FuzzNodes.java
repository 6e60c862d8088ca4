package io.wabridge.conformance;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded random nodes for the differential codec fuzz, inside the space where our codec and Baileys' are specified
 * to agree, so that any disagreement is a bug. Node {@code i} of seed {@code s} depends on nothing else, so a
 * failure is reproduced from the pair alone.
 *
 * <p>Covered: token tags and keys and values of both lists, NIBBLE_8 and HEX_8 (up to and past 127 characters),
 * raw ASCII and non-ASCII UTF-8 (1 to 4 bytes a character, NUL and controls) of every length class, every JID kind
 * below, nested and LIST_16 child lists, LIST_16 attribute lists, and bytes of assorted lengths. Every 2,500th node
 * (offset 1,250) carries one of four items crossing the BINARY_20 / BINARY_32 boundary.
 *
 * <p>Left out, each because the two sides are specified (or known) to differ there:
 * <ol>
 * <li>Attribute keys that are JS array indices ("0", "12", ...): a JS object lists them first in numeric order,
 *     so Baileys can neither keep nor send their position. ("00", "-1", "1.5" are not indices and do occur.)
 * <li>Strings naming an {@code Object.prototype} member ("constructor", "toString", "__proto__", ...): Baileys'
 *     token map is a plain object, so its lookup finds the inherited member and writes byte 0 instead of the
 *     string; as a key, "__proto__" is also swallowed by the decoder's attribute object.
 * <li>'@' in anything but a JID in canonical spelling ({@link Jid#toString()}): Baileys sends every string with an
 *     '@' as a JID, ours only valid JIDs; ours re-spells a non-canonical JID ({@code u:0@s.whatsapp.net}, i.e.
 *     device 0, goes out as JID_PAIR, where Baileys writes AD_JID device 0).
 * <li>Agents ({@code user_N}): Baileys 7 writes the agent as the AD_JID domain when there is a device and drops it
 *     when there is none, and its decoder always drops it; Baileys 6 drops it when encoding. Ours keeps it.
 * <li>Devices above 255: Baileys writes the low byte only; ours sends the JID as text.
 * <li>Devices on servers without an AD_JID domain (g.us, broadcast, newsletter, call, bot, c.us, others; and in
 *     dictionary 2 also hosted and hosted.lid): Baileys writes AD_JID domain 0, which reads back as
 *     s.whatsapp.net; ours sends the JID as text.
 * <li>msgr and interop JIDs in dictionary 3: Baileys 7 cannot write FB_JID / INTEROP_JID (it writes JID_PAIR or a
 *     lossy AD_JID), while ours does, and Baileys 7 decodes device 0 / integrator 0 as {@code :0} / {@code 0-} where
 *     our canonical text omits them. Those with a device (and integrator) are generated as a separate
 *     {@link #decodeOnlyNode decode-only} set: our bytes, Baileys 7 decodes (direction 1 only).
 * <li>Unpaired surrogates: no UTF-8 form; ours refuses them, Node.js substitutes U+FFFD.
 * </ol>
 * Not exclusions but read-back rules applied to the expected node (see {@link WireView}): text sent raw reads back
 * as bytes, and the empty text of dictionary 2 reads back as an empty child list.
 */
final class FuzzNodes {

    /** One big (BINARY_20 / BINARY_32 boundary) node per this many; at offset {@link #BIG_OFFSET}. */
    static final int BIG_EVERY = 2_500;
    static final int BIG_OFFSET = 1_250;
    /** Nodes needed for all four big kinds to appear. */
    static final int NODES_FOR_BIG_FORMS = 4 * BIG_EVERY;

    private static final int BINARY_20_MAX = (1 << 20) - 1;
    private static final String DIGITS = "0123456789";
    private static final String NIBBLE = "0123456789-.";
    private static final String HEX = "0123456789ABCDEF";
    private static final String LOWER_HEX = "0123456789abcdef";
    private static final String LETTERS_DIGITS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SERVER_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** Non-ASCII and awkward characters: 2-, 3- and 4-byte UTF-8, NUL, controls, BOM, U+FFFD, U+10FFFF. */
    private static final String[] UNICODE = {"é", "ß", "ä", "ол", "\u0080", "\u07ff", "€", "中", "文", "\u0800",
        "\ufeff", "\ufffd", "\uffff", "😀", "👍🏽", "\udbff\udfff", "\u0000", "\t", "\n", "\u001f", "\u007f", "\"", "\\"};
    private static final Set<String> PROTOTYPE_NAMES = Set.of("constructor", "__proto__", "__defineGetter__",
            "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "hasOwnProperty", "isPrototypeOf",
            "propertyIsEnumerable", "toString", "toLocaleString", "valueOf");
    private static final String[] SERVER_ONLY = {JidServer.WHATSAPP, JidServer.GROUP, JidServer.LID,
        JidServer.BROADCAST, JidServer.CALL, JidServer.LEGACY_USER, JidServer.NEWSLETTER};

    private enum Role { TAG, KEY, VALUE, TEXT }

    private final ReferenceTokens tokens;
    private final boolean v2;
    private final Map<FuzzForm, Integer> counts = new EnumMap<>(FuzzForm.class);
    private SplittableRandom random;

    FuzzNodes(ReferenceTokens tokens) {
        this.tokens = tokens;
        this.v2 = tokens.version() == 2;
    }

    /** How often each form was generated so far (a string redrawn because its role refused it still counts). */
    Map<FuzzForm, Integer> counts() {
        return counts;
    }

    /** Node {@code index} of the common corpus (both directions). */
    Node node(long seed, int index) {
        random = new SplittableRandom(nodeSeed(seed, 2L * index));
        if (index % BIG_EVERY == BIG_OFFSET) {
            return bigNode(index / BIG_EVERY % 4);
        }
        return node(3);
    }

    /**
     * Node {@code index} of the dictionary-3 decode-only set: FB_JID and INTEROP_JID values (with device and
     * integrator), which our encoder writes and Baileys 7 decodes but cannot write.
     */
    Node decodeOnlyNode(long seed, int index) {
        if (v2) {
            throw new IllegalStateException("dictionary 2 has no FB_JID or INTEROP_JID");
        }
        random = new SplittableRandom(nodeSeed(seed, 2L * index + 1));
        NodeBuilder b = Node.builder(string(Role.TAG));
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            Jid jid = random.nextBoolean()
                    ? Jid.ofDevice(user(), 1 + random.nextInt(0xFFFF), JidServer.MESSENGER)
                    : Jid.of(chars(LETTERS_DIGITS, 1 + random.nextInt(15)), 0, 1 + random.nextInt(0xFFFF),
                            1 + random.nextInt(0xFFFF), JidServer.INTEROP);
            count(jid.server().equals(JidServer.MESSENGER) ? FuzzForm.FB_JID : FuzzForm.INTEROP_JID);
            putJid(b, string(Role.KEY), jid);
            if (random.nextBoolean()) {
                b.attr(string(Role.KEY), string(Role.VALUE));
            }
        }
        if (random.nextInt(3) == 0) {
            b.child(node(1));
        }
        return b.build();
    }

    /**
     * An unrelated seed per node. Not {@code seed + k * gamma}: SplittableRandom steps its state by that same golden
     * gamma, so such seeds would give every node a shifted copy of one stream.
     */
    private static long nodeSeed(long seed, long stream) {
        long z = seed ^ (stream + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ z >>> 33) * 0xFF51AFD7ED558CCDL;
        z = (z ^ z >>> 33) * 0xC4CEB9FE1A85EC53L;
        return z ^ z >>> 33;
    }

    // ---- nodes ----

    private Node node(int depth) {
        NodeBuilder b = Node.builder(string(Role.TAG));
        int attrs = random.nextInt(1500) == 0 ? 128 + random.nextInt(13)
                : random.nextInt(15) == 0 ? 6 + random.nextInt(25) : random.nextInt(5);
        if (attrs >= 128) {
            count(FuzzForm.LIST_16_ATTRIBUTES);
        }
        for (int i = 0; i < attrs; i++) {
            String key = string(Role.KEY);
            if (random.nextInt(4) == 0) {
                putJid(b, key, jid());
            } else {
                b.attr(key, string(Role.VALUE));
            }
        }
        int content = random.nextInt(10);
        if (content >= 7 && depth > 0) {
            int n = random.nextInt(600) == 0 ? 256 + random.nextInt(45) : random.nextInt(5);
            count(n == 0 ? FuzzForm.EMPTY_CHILD_LIST : n > 255 ? FuzzForm.LIST_16_CHILDREN : null);
            b.children();
            for (int i = 0; i < n; i++) {
                b.child(node(n > 255 ? 0 : depth - 1));
            }
        } else if (content >= 5) {
            String text = string(Role.TEXT);
            b.text(text);
        } else if (content >= 3) {
            b.bytes(bytes(byteLength()));
        }
        return b.build();
    }

    /** A node with one item across the BINARY_20 / BINARY_32 boundary. */
    private Node bigNode(int kind) {
        NodeBuilder b = Node.builder(string(Role.TAG));
        for (int i = random.nextInt(3); i > 0; i--) {
            b.attr(string(Role.KEY), string(Role.VALUE));
        }
        switch (kind) {
            case 0 -> {
                count(FuzzForm.BYTES_20_MAX);
                b.bytes(bytes(BINARY_20_MAX));
            }
            case 1 -> {
                count(FuzzForm.BYTES_32);
                b.bytes(bytes(BINARY_20_MAX + 1));
            }
            case 2 -> {
                count(FuzzForm.RAW_20_MAX);
                b.attr(string(Role.KEY), rawOfUtf8Length(BINARY_20_MAX));
            }
            default -> {
                count(FuzzForm.RAW_32);
                count(FuzzForm.TEXT_SENT_RAW);
                b.text(rawOfUtf8Length(BINARY_20_MAX + 1 + random.nextInt(100)));
            }
        }
        return b.build();
    }

    private int byteLength() {
        if (random.nextInt(20) == 0) {
            count(FuzzForm.BYTES_LENGTH_BOUNDARY);
            return random.nextInt(8) == 0 ? 65535 + random.nextInt(2) : 255 + random.nextInt(3);
        }
        if (random.nextInt(15) == 0) {
            count(FuzzForm.BYTES_20);
            return 258 + random.nextInt(3000);
        }
        int n = random.nextInt(300);
        count(n == 0 ? FuzzForm.BYTES_EMPTY : null);
        return n;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; ) {
            long r = random.nextLong();
            for (int k = 0; k < 8 && i < n; k++, r >>>= 8) {
                b[i++] = (byte) r;
            }
        }
        return b;
    }

    private void putJid(NodeBuilder b, String key, Jid jid) {
        if (random.nextBoolean()) {
            count(FuzzForm.JID_OBJECT_VALUE);
            b.attr(key, jid);
        } else {
            b.attr(key, jid.toString());
        }
    }

    // ---- strings ----

    /** A string of a random form, redrawn until the role admits it (see the exclusions above). */
    private String string(Role role) {
        while (true) {
            String s = anyString();
            if (role == Role.TAG && s.isEmpty() || role == Role.KEY && isArrayIndex(s)
                    || PROTOTYPE_NAMES.contains(s)) {
                continue;
            }
            if (role == Role.TEXT && WireView.sentRaw(s, tokens)) {
                count(FuzzForm.TEXT_SENT_RAW);
            }
            return s;
        }
    }

    private String anyString() {
        switch (random.nextInt(13)) {
            case 0:
                count(FuzzForm.SINGLE_BYTE_TOKEN);
                return tokens.single().get(1 + random.nextInt(tokens.single().size() - 1));
            case 1:
                count(FuzzForm.DOUBLE_BYTE_TOKEN);
                return tokens.doubleByte().get(random.nextInt(tokens.doubleByte().size()));
            case 2:
                count(FuzzForm.NIBBLE_8);
                return chars(NIBBLE, packedLength());
            case 3:
                count(FuzzForm.HEX_8);
                return chars(HEX, packedLength());
            case 4, 5:
                return jid().toString();
            case 6:
                count(FuzzForm.RAW_ASCII);
                return ascii(random.nextInt(40));
            case 7:
                count(FuzzForm.RAW_NON_ASCII);
                return unicode(1 + random.nextInt(30));
            case 8:
                // long raw strings are rare, to keep the corpus (and the run) small
                if (random.nextInt(6) == 0) {
                    count(FuzzForm.RAW_8_20_BOUNDARY);
                    return rawOfUtf8Length(255 + random.nextInt(3));
                }
                if (random.nextInt(6) == 0) {
                    count(FuzzForm.RAW_20);
                    int length = 258 + random.nextInt(2000);
                    return random.nextBoolean() ? ascii(length) : rawOfUtf8Length(length);
                }
                count(FuzzForm.RAW_NON_ASCII);
                return rawOfUtf8Length(1 + random.nextInt(60));
            case 9:
                count(FuzzForm.EMPTY_STRING);
                return "";
            case 10:
                if (random.nextInt(3) == 0) {
                    count(FuzzForm.DIGITS_TOO_LONG_TO_PACK);
                    return chars(random.nextBoolean() ? DIGITS : NIBBLE, 128 + random.nextInt(60));
                }
                count(FuzzForm.NIBBLE_8);
                return chars(DIGITS, 1 + random.nextInt(20)); // ids, timestamps, counts
            case 11:
                count(FuzzForm.LOWERCASE_HEX);
                return chars(LOWER_HEX, 1 + random.nextInt(40));
            default:
                return chars(LETTERS_DIGITS, 1 + random.nextInt(12));
        }
    }

    private int packedLength() {
        if (random.nextInt(10) == 0) {
            count(FuzzForm.PACKED_127);
            return 127;
        }
        return 1 + random.nextInt(random.nextInt(4) == 0 ? 127 : 24);
    }

    /** A JID both sides write in the same JID form (see the exclusions above). */
    private Jid jid() {
        return switch (random.nextInt(13)) {
            case 0 -> counted(FuzzForm.JID_PN, Jid.pn(user()));
            case 1 -> counted(FuzzForm.JID_PN_DEVICE, Jid.ofDevice(user(), device(), JidServer.WHATSAPP));
            case 2 -> counted(FuzzForm.JID_LID, Jid.lid(user()));
            case 3 -> counted(FuzzForm.JID_LID_DEVICE, Jid.ofDevice(user(), device(), JidServer.LID));
            case 4, 5 -> hostedJid();
            case 6 -> counted(FuzzForm.JID_GROUP, Jid.group(random.nextBoolean() ? "1203630" + chars(DIGITS, 11)
                    : chars(DIGITS, 11) + "-" + chars(DIGITS, 10)));
            case 7 -> counted(FuzzForm.JID_BROADCAST,
                    random.nextBoolean() ? Jid.STATUS_BROADCAST : Jid.of(user(), JidServer.BROADCAST));
            case 8 -> counted(FuzzForm.JID_NEWSLETTER, Jid.of(chars(DIGITS, 18), JidServer.NEWSLETTER));
            case 9 -> counted(FuzzForm.JID_CALL,
                    Jid.of(random.nextBoolean() ? chars(HEX, 32) : user(), JidServer.CALL));
            case 10 -> random.nextBoolean()
                    ? counted(FuzzForm.JID_BOT, Jid.of("1313555" + chars(DIGITS, 4), JidServer.BOT))
                    : counted(FuzzForm.JID_LEGACY_USER, Jid.of(user(), JidServer.LEGACY_USER));
            case 11 -> counted(FuzzForm.JID_SERVER_ONLY, Jid.of("", SERVER_ONLY[random.nextInt(SERVER_ONLY.length)]));
            default -> v2 && random.nextBoolean()
                    // no FB_JID / INTEROP_JID in dictionary 2: both sides write these as JID_PAIR
                    ? counted(FuzzForm.JID_PAIR_MSGR_INTEROP, Jid.of(chars(LETTERS_DIGITS, 1 + random.nextInt(15)),
                            random.nextBoolean() ? JidServer.MESSENGER : JidServer.INTEROP))
                    : otherServerJid();
        };
    }

    /** hosted / hosted.lid; with a device (AD_JID domain 128 / 129) in dictionary 3 only. */
    private Jid hostedJid() {
        boolean lid = random.nextBoolean();
        String server = lid ? JidServer.HOSTED_LID : JidServer.HOSTED;
        if (!v2 && random.nextBoolean()) {
            return counted(lid ? FuzzForm.JID_HOSTED_LID_DEVICE : FuzzForm.JID_HOSTED_DEVICE,
                    Jid.ofDevice(user(), device(), server));
        }
        return counted(lid ? FuzzForm.JID_HOSTED_LID : FuzzForm.JID_HOSTED, Jid.of(user(), server));
    }

    /** A server without a meaning in the protocol (never msgr or interop, which have their own forms). */
    private Jid otherServerJid() {
        String server;
        do {
            server = chars(SERVER_CHARS, 1 + random.nextInt(8))
                    + (random.nextBoolean() ? "." + chars(SERVER_CHARS, 2 + random.nextInt(3)) : "");
        } while (server.equals(JidServer.MESSENGER) || server.equals(JidServer.INTEROP)
                || PROTOTYPE_NAMES.contains(server));
        return counted(FuzzForm.JID_OTHER_SERVER, Jid.of(random.nextBoolean() ? "" : user(), server));
    }

    /** Mostly phone-number-like digits; also hex, letters, '-' (NIBBLE_8) and token users. */
    private String user() {
        while (true) {
            String user = switch (random.nextInt(10)) {
                case 0 -> chars(HEX, 4 + random.nextInt(20));
                case 1 -> chars(LETTERS_DIGITS, 1 + random.nextInt(12));
                case 2 -> chars(DIGITS, 6) + "-" + chars(DIGITS, 1 + random.nextInt(10));
                case 3 -> tokens.single().get(1 + random.nextInt(tokens.single().size() - 1));
                default -> chars(DIGITS, 5 + random.nextInt(12));
            };
            if (!user.isEmpty() && !PROTOTYPE_NAMES.contains(user) && user.chars().allMatch(
                    c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return user;
            }
        }
    }

    private int device() {
        return switch (random.nextInt(10)) {
            case 0 -> 1;
            case 1 -> 255;
            default -> 1 + random.nextInt(99);
        };
    }

    private String chars(String alphabet, int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(out);
    }

    /** Printable ASCII with some controls, no '@'. */
    private String ascii(int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            char c = (char) (random.nextInt(10) == 0 ? random.nextInt(32) : 32 + random.nextInt(95));
            out[i] = c == '@' ? '#' : c;
        }
        return new String(out);
    }

    private String unicode(int n) {
        StringBuilder sb = new StringBuilder(2 * n);
        for (int i = 0; i < n; i++) {
            if (random.nextBoolean()) {
                sb.append(UNICODE[random.nextInt(UNICODE.length)]);
            } else {
                sb.append((char) ('a' + random.nextInt(26)));
            }
        }
        return sb.toString();
    }

    /** A string of exactly this many UTF-8 bytes, mixing 1- to 4-byte characters; no '@'. */
    private String rawOfUtf8Length(int bytes) {
        StringBuilder sb = new StringBuilder(bytes);
        int left = bytes;
        while (left > 0) {
            int width = Math.min(left, 1 + random.nextInt(4));
            switch (width) {
                case 1 -> sb.append((char) (random.nextInt(8) == 0 ? random.nextInt(32) : 'a' + random.nextInt(26)));
                case 2 -> sb.append((char) (0x80 + random.nextInt(0x800 - 0x80)));
                case 3 -> {
                    char c;
                    do {
                        c = (char) (0x800 + random.nextInt(0x10000 - 0x800));
                    } while (Character.isSurrogate(c));
                    sb.append(c);
                }
                default -> sb.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
            }
            left -= width;
        }
        return sb.toString();
    }

    /** A canonical JS array index: a decimal integer without leading zeros, below 2^32 - 1. */
    static boolean isArrayIndex(String s) {
        int n = s.length();
        if (n == 0 || n > 10 || n > 1 && s.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(s) < 0xFFFF_FFFFL;
    }

    private void count(FuzzForm form) {
        if (form != null) {
            counts.merge(form, 1, Integer::sum);
        }
    }

    private <T> T counted(FuzzForm form, T value) {
        count(form);
        return value;
    }
}
