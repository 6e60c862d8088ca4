package io.wabridge.client.binary;

import static io.wabridge.client.binary.BinaryTags.AD_JID;
import static io.wabridge.client.binary.BinaryTags.BINARY_20;
import static io.wabridge.client.binary.BinaryTags.BINARY_32;
import static io.wabridge.client.binary.BinaryTags.BINARY_8;
import static io.wabridge.client.binary.BinaryTags.DICTIONARY_0;
import static io.wabridge.client.binary.BinaryTags.FB_JID;
import static io.wabridge.client.binary.BinaryTags.HEX_8;
import static io.wabridge.client.binary.BinaryTags.INTEROP_JID;
import static io.wabridge.client.binary.BinaryTags.JID_PAIR;
import static io.wabridge.client.binary.BinaryTags.LIST_16;
import static io.wabridge.client.binary.BinaryTags.LIST_8;
import static io.wabridge.client.binary.BinaryTags.LIST_EMPTY;
import static io.wabridge.client.binary.BinaryTags.NIBBLE_8;
import static io.wabridge.client.binary.BinaryTags.PACKED_MAX;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;

import java.util.Arrays;

/**
 * Writes one node (one use per instance). Strings take the first form that fits, in the references' order:
 * single-byte token, double-byte token, NIBBLE_8, HEX_8, JID, raw UTF-8.
 *
 * <p>The output array is sized by a cheap, fairly tight upper bound first (no token look-ups), filled in one pass,
 * then trimmed with a single copy; this beats growing a buffer for large group stanzas and needs no shared scratch
 * space.
 */
final class NodeEncoder {

    /** Largest array the JVM reliably allocates. */
    private static final long MAX_FRAME = Integer.MAX_VALUE - 16;

    private final TokenDictionary dict;
    private final boolean v2;
    private byte[] buf;
    private int pos;

    NodeEncoder(TokenDictionary dict) {
        this.dict = dict;
        this.v2 = dict.version() == 2;
    }

    /** The frame payload: flag byte 0 (uncompressed), then the node. */
    byte[] encodeFrame(Node node) {
        long bound = 1 + bound(node);
        if (bound > MAX_FRAME) {
            throw new NodeEncodingException("<" + node.tag() + "> is too large to encode (bound " + bound + " bytes)");
        }
        buf = new byte[(int) bound];
        buf[0] = 0;
        pos = 1;
        writeNode(node);
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }

    // ---- size bound ----

    private static long bound(Node node) {
        long b = 3 + stringBound(node.tag());
        Object[] attrs = node.attrArray();
        for (int i = 0; i < attrs.length; i += 2) {
            b += stringBound((String) attrs[i]) + stringBound(attrs[i + 1].toString());
        }
        Object content = node.content();
        if (content instanceof NodeList children) {
            b += 3;
            for (int i = 0, n = children.size(); i < n; i++) {
                b += bound(children.get(i));
            }
        } else if (content instanceof byte[] bytes) {
            b += 5 + bytes.length;
        } else if (content instanceof String text) {
            b += stringBound(text);
        }
        return b;
    }

    /**
     * Raw form (5 + UTF-8 length) bounds the token, packed and empty forms too. A JID form writes user and server
     * (at most the string's length together) each with its own header, plus up to 5 bytes of tag and numbers.
     */
    private static long stringBound(String s) {
        return (s.indexOf('@') >= 0 ? 16 : 5) + (long) Utf8.encodedLength(s);
    }

    // ---- nodes ----

    private void writeNode(Node node) {
        Object[] attrs = node.attrArray();
        Object content = node.content();
        int listSize = attrs.length + 1 + (content == null ? 0 : 1);
        if (listSize > 0xFFFF) {
            throw new NodeEncodingException("<" + node.tag() + "> has too many attributes: " + attrs.length / 2);
        }
        writeListStart(listSize);
        writeString(node.tag());
        for (int i = 0; i < attrs.length; i += 2) {
            writeString((String) attrs[i]);
            Object value = attrs[i + 1];
            if (value instanceof Jid jid) {
                writeJid(jid);
            } else {
                writeString((String) value);
            }
        }
        if (content instanceof NodeList children) {
            int n = children.size();
            if (n > 0xFFFF) {
                throw new NodeEncodingException("<" + node.tag() + "> has too many children: " + n);
            }
            writeListStart(n);
            for (int i = 0; i < n; i++) {
                writeNode(children.get(i));
            }
        } else if (content instanceof byte[] bytes) {
            writeBinaryLength(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        } else if (content instanceof String text) {
            writeString(text);
        }
    }

    private void writeListStart(int size) {
        if (size == 0) {
            buf[pos++] = LIST_EMPTY;
        } else if (size < 256) {
            buf[pos++] = (byte) LIST_8;
            buf[pos++] = (byte) size;
        } else {
            buf[pos++] = (byte) LIST_16;
            buf[pos++] = (byte) (size >> 8);
            buf[pos++] = (byte) size;
        }
    }

    // ---- strings ----

    private void writeString(String s) {
        if (s.isEmpty()) {
            // Baileys 6 (dictionary 2) sends the empty string as token 0, which is the LIST_EMPTY byte; the
            // dictionary-3 clients send an empty BINARY_8. Both decode to "".
            if (v2) {
                buf[pos++] = LIST_EMPTY;
            } else {
                buf[pos++] = (byte) BINARY_8;
                buf[pos++] = 0;
            }
            return;
        }
        int code = dict.lookup(s);
        if (code != TokenDictionary.NONE) {
            if (code < 256) {
                buf[pos++] = (byte) code;
            } else {
                buf[pos++] = (byte) (DICTIONARY_0 + (code >> 8) - 1);
                buf[pos++] = (byte) code;
            }
            return;
        }
        int packed = packedTag(s);
        if (packed != 0) {
            writePacked(s, packed);
            return;
        }
        if (s.indexOf('@') >= 0) {
            Jid jid = Jid.tryParse(s);
            if (jid != null && writeJidForm(jid)) {
                return;
            }
        }
        writeRaw(s);
    }

    /** NIBBLE_8 if s is all digits, '-' and '.'; else HEX_8 if all digits and 'A'-'F'; else 0. */
    private static int packedTag(String s) {
        int n = s.length();
        if (n > PACKED_MAX) {
            return 0;
        }
        boolean nibble = true;
        boolean hex = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                continue;
            }
            if (c == '-' || c == '.') {
                hex = false;
            } else if (c >= 'A' && c <= 'F') {
                nibble = false;
            } else {
                return 0;
            }
            if (!nibble && !hex) {
                return 0;
            }
        }
        return nibble ? NIBBLE_8 : HEX_8;
    }

    private void writePacked(String s, int tag) {
        int n = s.length();
        buf[pos++] = (byte) tag;
        buf[pos++] = (byte) ((n + 1) / 2 | (n & 1) << 7);
        for (int i = 0; i < n; i += 2) {
            int hi = packedValue(s.charAt(i));
            int lo = i + 1 < n ? packedValue(s.charAt(i + 1)) : 0x0F;
            buf[pos++] = (byte) (hi << 4 | lo);
        }
    }

    /** The nibble of a character already accepted by {@link #packedTag}; the alphabets agree on the digits. */
    private static int packedValue(char c) {
        if (c <= '9' && c >= '0') {
            return c - '0';
        }
        return switch (c) {
            case '-' -> 10;
            case '.' -> 11;
            default -> c - 'A' + 10;
        };
    }

    private void writeRaw(String s) {
        int length = Utf8.encodedLength(s);
        writeBinaryLength(length);
        pos = Utf8.encode(s, buf, pos);
    }

    private void writeBinaryLength(int length) {
        if (length < 256) {
            buf[pos++] = (byte) BINARY_8;
            buf[pos++] = (byte) length;
        } else if (length < 1 << 20) {
            buf[pos++] = (byte) BINARY_20;
            buf[pos++] = (byte) (length >> 16);
            buf[pos++] = (byte) (length >> 8);
            buf[pos++] = (byte) length;
        } else {
            buf[pos++] = (byte) BINARY_32;
            buf[pos++] = (byte) (length >> 24);
            buf[pos++] = (byte) (length >> 16);
            buf[pos++] = (byte) (length >> 8);
            buf[pos++] = (byte) length;
        }
    }

    // ---- JIDs ----

    private void writeJid(Jid jid) {
        if (!writeJidForm(jid)) {
            writeRaw(jid.toString());
        }
    }

    /**
     * Writes the JID in the binary form that decodes back to exactly this JID, or writes nothing and returns false
     * when no form can (a device on a group JID, an agent on a LID, ...): the caller then sends its text.
     */
    private boolean writeJidForm(Jid jid) {
        String user = jid.user();
        String server = jid.server();
        int agent = jid.agent();
        int device = jid.device();
        if (!v2 && agent == 0 && !user.isEmpty()) {
            // FB_JID and INTEROP_JID postdate dictionary 2; Baileys 6 has no decoder for them.
            if (server.equals(JidServer.MESSENGER)) {
                buf[pos++] = (byte) FB_JID;
                writeString(user);
                writeShort(device);
                writeString(server);
                return true;
            }
            if (server.equals(JidServer.INTEROP)) {
                buf[pos++] = (byte) INTEROP_JID;
                writeString(user);
                writeShort(device);
                writeShort(jid.integrator());
                writeString(server);
                return true;
            }
        }
        if (jid.integrator() != 0) {
            return false;
        }
        if ((agent | device) != 0) {
            int domain = adDomain(server, agent);
            if (domain < 0 || device > 0xFF) {
                return false;
            }
            buf[pos++] = (byte) AD_JID;
            buf[pos++] = (byte) domain;
            buf[pos++] = (byte) device;
            writeString(user);
            return true;
        }
        buf[pos++] = (byte) JID_PAIR;
        if (user.isEmpty()) {
            buf[pos++] = LIST_EMPTY;
        } else {
            writeString(user);
        }
        writeString(server);
        return true;
    }

    /**
     * The AD_JID domain byte that decodes to this server and agent, or -1. The domain byte selects lid, hosted and
     * hosted.lid; any other value means s.whatsapp.net with that value as agent. Dictionary-2 decoders (Baileys 6)
     * know only 0 (s.whatsapp.net) and 1 (lid) and read every other byte as lid, so there hosted JIDs and agents
     * travel as text.
     */
    private int adDomain(String server, int agent) {
        if (agent != 0) {
            boolean reserved = agent == Jid.DOMAIN_LID || agent == Jid.DOMAIN_HOSTED || agent == Jid.DOMAIN_HOSTED_LID;
            return server.equals(JidServer.WHATSAPP) && !reserved && !v2 ? agent : -1;
        }
        return switch (server) {
            case JidServer.WHATSAPP -> Jid.DOMAIN_WHATSAPP;
            case JidServer.LID -> Jid.DOMAIN_LID;
            case JidServer.HOSTED -> v2 ? -1 : Jid.DOMAIN_HOSTED;
            case JidServer.HOSTED_LID -> v2 ? -1 : Jid.DOMAIN_HOSTED_LID;
            default -> -1;
        };
    }

    private void writeShort(int value) {
        buf[pos++] = (byte) (value >> 8);
        buf[pos++] = (byte) value;
    }
}
