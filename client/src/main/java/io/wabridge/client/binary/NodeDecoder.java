package io.wabridge.client.binary;

import static io.wabridge.client.binary.BinaryTags.AD_JID;
import static io.wabridge.client.binary.BinaryTags.BINARY_20;
import static io.wabridge.client.binary.BinaryTags.BINARY_32;
import static io.wabridge.client.binary.BinaryTags.BINARY_8;
import static io.wabridge.client.binary.BinaryTags.DICTIONARY_0;
import static io.wabridge.client.binary.BinaryTags.DICTIONARY_3;
import static io.wabridge.client.binary.BinaryTags.FB_JID;
import static io.wabridge.client.binary.BinaryTags.HEX_8;
import static io.wabridge.client.binary.BinaryTags.INTEROP_JID;
import static io.wabridge.client.binary.BinaryTags.JID_PAIR;
import static io.wabridge.client.binary.BinaryTags.LIST_16;
import static io.wabridge.client.binary.BinaryTags.LIST_8;
import static io.wabridge.client.binary.BinaryTags.LIST_EMPTY;
import static io.wabridge.client.binary.BinaryTags.NIBBLE_8;

import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads one node from a byte range (one use per instance). Strict: every byte must belong to the node, every
 * declared length must fit, strings must be well-formed UTF-8, JIDs must be valid; each failure is its own
 * {@link MalformedNodeException}. Declared counts are checked against the bytes left before anything is allocated,
 * so a small frame cannot make the decoder allocate much more than its own size.
 */
final class NodeDecoder {

    /** Deeper than any stanza WhatsApp sends, shallow enough that recursion cannot exhaust the stack. */
    static final int MAX_DEPTH = 128;

    /** Smallest possible encoded node: LIST_8, size 1, one-byte token tag. */
    private static final int MIN_NODE_BYTES = 3;

    /** Above this many attributes, duplicates are found with a hash set rather than by scanning. */
    private static final int LINEAR_DUPLICATE_SCAN = 16;

    private final TokenDictionary dict;
    private final byte[] buf;
    private final int base;
    private final int end;
    private int pos;

    NodeDecoder(TokenDictionary dict, byte[] buf, int offset, int length) {
        this.dict = dict;
        this.buf = buf;
        this.base = offset;
        this.pos = offset;
        this.end = offset + length;
    }

    Node decode() throws MalformedNodeException {
        Node node = readNode(0);
        if (pos != end) {
            throw new TrailingBytesException((end - pos) + " bytes left after the node", at(pos));
        }
        return node;
    }

    /** Position for error messages: relative to the start of the node bytes. */
    private int at(int p) {
        return p - base;
    }

    private int remaining() {
        return end - pos;
    }

    private int u8() throws TruncatedNodeException {
        if (pos >= end) {
            throw new TruncatedNodeException("data ends where another byte was expected", at(pos));
        }
        return buf[pos++] & 0xFF;
    }

    private int u16() throws TruncatedNodeException {
        if (end - pos < 2) {
            throw new TruncatedNodeException("data ends inside a 16-bit number", at(pos));
        }
        int v = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
        pos += 2;
        return v;
    }

    // ---- nodes ----

    private Node readNode(int depth) throws MalformedNodeException {
        int start = pos;
        if (depth > MAX_DEPTH) {
            throw new NodeTooDeepException("children nested deeper than " + MAX_DEPTH, at(start));
        }
        int size = readListSize(u8(), "a node");
        if (size == 0) {
            throw new InvalidNodeException("node with an empty list", at(start));
        }
        if (size - 1 > remaining()) {
            throw new LengthOutOfRangeException("node of " + size + " items cannot fit in the " + remaining()
                    + " bytes left", at(start));
        }
        String tag = readValue(u8()).toString();
        if (tag.isEmpty()) {
            throw new InvalidNodeException("node with an empty tag", at(start));
        }
        int attrCount = (size - 1) >> 1;
        Object[] attrs = attrCount == 0 ? Node.NO_ATTRS : new Object[2 * attrCount];
        Set<String> seen = attrCount > LINEAR_DUPLICATE_SCAN ? new HashSet<>(2 * attrCount) : null;
        for (int i = 0; i < attrs.length; i += 2) {
            int keyAt = pos;
            String key = readValue(u8()).toString();
            if (seen != null ? !seen.add(key) : containsKey(attrs, i, key)) {
                throw new DuplicateAttributeException("attribute \"" + key + "\" appears twice in <" + tag + ">",
                        at(keyAt));
            }
            attrs[i] = key;
            attrs[i + 1] = readValue(u8());
        }
        Object content = (size & 1) == 0 ? readContent(depth) : null;
        return new Node(tag, attrs, content);
    }

    private static boolean containsKey(Object[] attrs, int limit, String key) {
        for (int i = 0; i < limit; i += 2) {
            if (attrs[i].equals(key)) {
                return true;
            }
        }
        return false;
    }

    private int readListSize(int tag, String what) throws MalformedNodeException {
        return switch (tag) {
            case LIST_EMPTY -> 0;
            case LIST_8 -> u8();
            case LIST_16 -> u16();
            default -> throw new InvalidTagException("tag " + tag + " where " + what + " (a list) was expected",
                    at(pos - 1));
        };
    }

    private Object readContent(int depth) throws MalformedNodeException {
        int tag = u8();
        switch (tag) {
            case LIST_EMPTY, LIST_8, LIST_16: {
                int listAt = pos - 1;
                int n = readListSize(tag, "children");
                if (n == 0) {
                    return NodeList.EMPTY;
                }
                if ((long) n * MIN_NODE_BYTES > remaining()) {
                    throw new LengthOutOfRangeException(n + " children cannot fit in the " + remaining()
                            + " bytes left", at(listAt));
                }
                Node[] children = new Node[n];
                for (int i = 0; i < n; i++) {
                    children[i] = readNode(depth + 1);
                }
                return new NodeList(children);
            }
            case BINARY_8, BINARY_20, BINARY_32: {
                int length = readBinaryLength(tag);
                byte[] bytes = Arrays.copyOfRange(buf, pos, pos + length);
                pos += length;
                return bytes;
            }
            default:
                return readValue(tag).toString();
        }
    }

    private int readBinaryLength(int tag) throws MalformedNodeException {
        int lengthAt = pos - 1;
        long length = switch (tag) {
            case BINARY_8 -> u8();
            // The top nibble of a 20-bit length is ignored, as every reference decoder does.
            case BINARY_20 -> (long) (u8() & 0x0F) << 16 | u16();
            default -> (long) u16() << 16 | u16();
        };
        if (length > remaining()) {
            throw new LengthOutOfRangeException(length + " bytes declared, " + remaining() + " left", at(lengthAt));
        }
        return (int) length;
    }

    // ---- strings ----

    /** A string-position item: a String, or a Jid for the JID tags. */
    private Object readValue(int tag) throws MalformedNodeException {
        if (tag > LIST_EMPTY && tag < dict.singleByteCount()) {
            return dict.singleByte(tag);
        }
        switch (tag) {
            case LIST_EMPTY:
                return "";
            case BINARY_8, BINARY_20, BINARY_32:
                return readRawString(tag);
            case NIBBLE_8, HEX_8:
                return readPacked(tag == NIBBLE_8);
            case JID_PAIR:
                return readJidPair();
            case AD_JID:
                return readAdJid();
            case FB_JID:
                return readFbJid();
            case INTEROP_JID:
                return readInteropJid();
            case LIST_8, LIST_16:
                throw new InvalidTagException("a list where a string was expected", at(pos - 1));
            default:
                if (tag >= DICTIONARY_0 && tag <= DICTIONARY_3) {
                    return dict.doubleByte(tag - DICTIONARY_0, u8());
                }
                throw new InvalidTagException("unknown tag " + tag, at(pos - 1));
        }
    }

    private String readRawString(int tag) throws MalformedNodeException {
        int length = readBinaryLength(tag);
        int bad = Utf8.firstInvalid(buf, pos, pos + length);
        if (bad >= 0) {
            throw new InvalidUtf8Exception("string is not well-formed UTF-8", at(bad));
        }
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    private String readPacked(boolean nibble) throws MalformedNodeException {
        int start = pos - 1;
        int lengthByte = u8();
        int bytes = lengthByte & 0x7F;
        boolean odd = (lengthByte & 0x80) != 0;
        if (odd && bytes == 0) {
            throw new InvalidPackedStringException("odd length flag on an empty packed string", at(start));
        }
        if (bytes > remaining()) {
            throw new LengthOutOfRangeException(bytes + " packed bytes declared, " + remaining() + " left",
                    at(start));
        }
        int chars = 2 * bytes - (odd ? 1 : 0);
        byte[] out = new byte[chars];
        for (int i = 0; i < bytes; i++) {
            int b = buf[pos + i] & 0xFF;
            out[2 * i] = unpack(b >> 4, nibble, start);
            if (2 * i + 1 < chars) {
                out[2 * i + 1] = unpack(b & 0x0F, nibble, start);
            } else if ((b & 0x0F) != 0x0F) {
                throw new InvalidPackedStringException("odd packed string not padded with 0xF", at(pos + i));
            }
        }
        pos += bytes;
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private byte unpack(int v, boolean nibble, int start) throws InvalidPackedStringException {
        if (v < 10) {
            return (byte) ('0' + v);
        }
        if (!nibble) {
            return (byte) ('A' + v - 10);
        }
        if (v == 10) {
            return '-';
        }
        if (v == 11) {
            return '.';
        }
        throw new InvalidPackedStringException("nibble " + v + " is outside the NIBBLE_8 alphabet", at(start));
    }

    // ---- JIDs ----

    /** A user or server inside a JID: any string form except another JID. */
    private String readJidPart() throws MalformedNodeException {
        int tag = u8();
        if (tag == JID_PAIR || tag == AD_JID || tag == FB_JID || tag == INTEROP_JID) {
            throw new MalformedJidException("a JID nested inside a JID", at(pos - 1));
        }
        return (String) readValue(tag);
    }

    private Jid readJidPair() throws MalformedNodeException {
        int start = pos - 1;
        String user = readJidPart();
        String server = readJidPart();
        return jid(user, 0, 0, 0, server, start);
    }

    private Jid readAdJid() throws MalformedNodeException {
        int start = pos - 1;
        int domain = u8();
        int device = u8();
        String user = readJidPart();
        String server = switch (domain) {
            case Jid.DOMAIN_LID -> JidServer.LID;
            case Jid.DOMAIN_HOSTED -> JidServer.HOSTED;
            case Jid.DOMAIN_HOSTED_LID -> JidServer.HOSTED_LID;
            default -> JidServer.WHATSAPP;
        };
        // On s.whatsapp.net any other domain byte is an agent (whatsmeow's RawAgent), kept so it round-trips.
        int agent = server == JidServer.WHATSAPP ? domain : 0;
        return jid(user, agent, device, 0, server, start);
    }

    private Jid readFbJid() throws MalformedNodeException {
        int start = pos - 1;
        String user = readJidPart();
        int device = u16();
        String server = readJidPart();
        if (!server.equals(JidServer.MESSENGER)) {
            throw new MalformedJidException("FB_JID with server \"" + server + "\"", at(start));
        }
        return jid(user, 0, device, 0, JidServer.MESSENGER, start);
    }

    private Jid readInteropJid() throws MalformedNodeException {
        int start = pos - 1;
        String user = readJidPart();
        int device = u16();
        int integrator = u16();
        String server = readJidPart();
        if (!server.equals(JidServer.INTEROP)) {
            throw new MalformedJidException("INTEROP_JID with server \"" + server + "\"", at(start));
        }
        return jid(user, 0, device, integrator, JidServer.INTEROP, start);
    }

    private Jid jid(String user, int agent, int device, int integrator, String server, int start)
            throws MalformedJidException {
        try {
            return Jid.of(user, agent, device, integrator, server);
        } catch (InvalidJidException e) {
            throw new MalformedJidException(e.getMessage(), at(start));
        }
    }
}
