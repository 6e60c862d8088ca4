package io.wabridge.client.binary;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;

import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random nodes for property tests: every string form (tokens of the given dictionary, nibble and hex
 * packing, all JID kinds, raw strings of each length class and script), nested children, bytes and text.
 *
 * <p>Text content is drawn only from strings sent in a string form (see {@link ContentKind#TEXT}); raw text would
 * come back as bytes, as it does in the references. Raw strings contain no '@', so none of them is a JID in a
 * non-canonical spelling (which the encoder sends canonically).
 */
final class RandomNodes {

    private static final String NIBBLE = "0123456789-.";
    private static final String HEX = "0123456789ABCDEF";
    private static final String[] UNICODE = {"é", "ß", "€", "中", "文", "😀", "👍🏽", "ол", "ä", "\u0000", "\t"};

    private final Random random;
    private final TokenDictionary dict;
    private final boolean v2;

    RandomNodes(long seed, int version) {
        this.random = new Random(seed);
        this.dict = TokenDictionary.forVersion(version);
        this.v2 = version == 2;
    }

    Random random() {
        return random;
    }

    Node node(int maxDepth) {
        String tag;
        do {
            tag = string();
        } while (tag.isEmpty());
        NodeBuilder b = Node.builder(tag);
        Set<String> keys = new LinkedHashSet<>();
        int attrCount = random.nextInt(10) == 0 ? 20 + random.nextInt(10) : random.nextInt(5);
        for (int i = 0; i < attrCount; i++) {
            String key = string();
            if (!keys.add(key)) {
                continue;
            }
            switch (random.nextInt(4)) {
                case 0 -> b.attr(key, anyJid());
                case 1 -> b.attr(key, anyJid().toString());
                default -> b.attr(key, string());
            }
        }
        switch (random.nextInt(maxDepth > 0 ? 4 : 3)) {
            case 0 -> { }
            case 1 -> b.bytes(bytes(random.nextInt(40) == 0 ? 256 + random.nextInt(5000) : random.nextInt(300)));
            case 2 -> b.text(wireStableText());
            default -> {
                int n = random.nextInt(30) == 0 ? 256 + random.nextInt(50) : random.nextInt(5);
                b.children();
                for (int i = 0; i < n; i++) {
                    b.child(node(n > 255 ? 0 : maxDepth - 1));
                }
            }
        }
        return b.build();
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A string of a random form. */
    String string() {
        return switch (random.nextInt(11)) {
            case 0 -> dict.singleByte(1 + random.nextInt(dict.singleByteCount() - 1));
            case 1 -> dict.doubleByte(random.nextInt(4), random.nextInt(256));
            case 2 -> chars(NIBBLE, 1 + random.nextInt(BinaryTags.PACKED_MAX));
            case 3 -> chars(HEX, 1 + random.nextInt(BinaryTags.PACKED_MAX));
            case 4 -> representableJid().toString();
            case 5 -> ascii(random.nextInt(40));
            case 6 -> unicode(1 + random.nextInt(30));
            case 7 -> random.nextInt(6) == 0 ? ascii(256 + random.nextInt(2000)) : ascii(random.nextInt(40));
            case 8 -> "";
            case 9 -> chars("0123456789", BinaryTags.PACKED_MAX + 1 + random.nextInt(50));
            default -> chars("0123456789abcdef", 1 + random.nextInt(40)); // lowercase hex is no HEX_8
        };
    }

    /** A string sent as token, packed or JID, never raw. */
    String wireStableText() {
        return switch (random.nextInt(5)) {
            case 0 -> dict.singleByte(1 + random.nextInt(dict.singleByteCount() - 1));
            case 1 -> dict.doubleByte(random.nextInt(4), random.nextInt(256));
            case 2 -> chars(NIBBLE, 1 + random.nextInt(BinaryTags.PACKED_MAX));
            case 3 -> chars(HEX, 1 + random.nextInt(BinaryTags.PACKED_MAX));
            default -> representableJid().toString();
        };
    }

    /** JIDs that this dictionary version sends in a JID form (version 2 has no agents or hosted servers). */
    Jid representableJid() {
        int kind = random.nextInt(12);
        if (v2 && (kind == 2 || kind == 5 || kind == 6)) {
            kind = 1;
        }
        return switch (kind) {
            case 0 -> Jid.pn(digits(5, 15));
            case 1 -> Jid.ofDevice(digits(5, 15), 1 + random.nextInt(99), JidServer.WHATSAPP);
            case 2 -> Jid.of(digits(5, 15), 2 + random.nextInt(126), random.nextInt(3), 0, JidServer.WHATSAPP);
            case 3 -> Jid.lid(digits(10, 16));
            case 4 -> Jid.ofDevice(digits(10, 16), 1 + random.nextInt(255), JidServer.LID);
            case 5 -> Jid.ofDevice(digits(5, 15), 1 + random.nextInt(99), JidServer.HOSTED);
            case 6 -> Jid.ofDevice(digits(5, 15), 1 + random.nextInt(99), JidServer.HOSTED_LID);
            case 7 -> Jid.group(random.nextBoolean() ? "1203630" + digits(11, 11) : digits(11, 11) + "-" + digits(10, 10));
            case 8 -> random.nextBoolean() ? Jid.STATUS_BROADCAST : Jid.of(digits(10, 13), JidServer.BROADCAST);
            case 9 -> Jid.of(digits(18, 18), random.nextBoolean() ? JidServer.NEWSLETTER : JidServer.BOT);
            case 10 -> Jid.of(chars(HEX, 20), random.nextBoolean() ? JidServer.CALL : JidServer.LEGACY_USER);
            default -> random.nextBoolean() ? Jid.SERVER : Jid.of("", JidServer.GROUP);
        };
    }

    /** Any valid JID, including those some version can only send as text. */
    Jid anyJid() {
        return switch (random.nextInt(8)) {
            case 0 -> Jid.ofDevice(digits(5, 15), random.nextInt(5), JidServer.MESSENGER);
            case 1 -> Jid.of(digits(5, 15), 0, random.nextInt(3), random.nextInt(70000) % 65536, JidServer.INTEROP);
            case 2 -> Jid.ofDevice(digits(5, 15), 1 + random.nextInt(5), JidServer.GROUP); // no JID form
            case 3 -> Jid.of(digits(5, 15), 5, 1, 0, JidServer.LID); // agent on a LID: no JID form
            case 4 -> Jid.ofDevice(digits(5, 15), 256 + random.nextInt(1000), JidServer.WHATSAPP); // device > 255
            case 5 -> Jid.of(chars("abcxyz", 5), "example.com");
            default -> representableJid();
        };
    }

    boolean isV2() {
        return v2;
    }

    private String digits(int min, int max) {
        return chars("0123456789", min + random.nextInt(max - min + 1));
    }

    private String chars(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Printable ASCII and a few controls, without '@'. */
    private String ascii(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = (char) (random.nextInt(10) == 0 ? random.nextInt(32) : 32 + random.nextInt(95));
            sb.append(c == '@' ? '#' : c);
        }
        return sb.toString();
    }

    private String unicode(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(random.nextBoolean() ? UNICODE[random.nextInt(UNICODE.length)] : (char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
