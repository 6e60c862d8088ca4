package io.wabridge.client.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

/** Each kind of bad input raises its own exception type. */
class MalformedInputTest {

    private static final NodeCodec V3 = NodeCodec.forVersion(3);
    private static final HexFormat HEX = HexFormat.of();

    private static <T extends MalformedNodeException> T rejects(Class<T> type, String hex) {
        return assertThrows(type, () -> V3.decode(HEX.parseHex(hex)), hex);
    }

    @Test
    void emptyAndTruncatedFrames() throws Exception {
        rejects(TruncatedNodeException.class, "");
        rejects(TruncatedNodeException.class, "00");
        rejects(TruncatedNodeException.class, "00f8");
        rejects(TruncatedNodeException.class, "00f803fc0178fc016b"); // value missing
        rejects(TruncatedNodeException.class, "00f801ec"); // dictionary token without its index
        rejects(TruncatedNodeException.class, "00f8031111f6ff8612345678901f00"); // FB_JID device cut short
        // every proper prefix of a valid frame fails, and only with a decoding exception
        byte[] frame = V3.encode(Node.builder("message").attr("to", "123:4@s.whatsapp.net").attr("id", "3EB0")
                .child(Node.builder("enc").attr("v", "2").bytes(new byte[40]).build()).build());
        for (int n = 0; n < frame.length; n++) {
            byte[] cut = Arrays.copyOf(frame, n);
            assertThrows(MalformedNodeException.class, () -> V3.decode(cut), "prefix of " + n);
        }
    }

    @Test
    void lengthsBeyondTheFrame() {
        rejects(LengthOutOfRangeException.class, "00f80211fc0a0102"); // 10 bytes declared, 2 present
        rejects(LengthOutOfRangeException.class, "00f80211fd0fffff00");
        rejects(LengthOutOfRangeException.class, "00f80211feffffffff00"); // 4 GiB declared
        rejects(LengthOutOfRangeException.class, "00f8ff11"); // 255 items, none present
        rejects(LengthOutOfRangeException.class, "00f90fff11");
        rejects(LengthOutOfRangeException.class, "00f80211f9ffff"); // 65535 children
        rejects(LengthOutOfRangeException.class, "00f80211f8ff"); // 255 children
        rejects(LengthOutOfRangeException.class, "00f80311ff7f12"); // 127 packed bytes declared
    }

    @Test
    void wrongTags() {
        rejects(InvalidTagException.class, "0011"); // node must start with a list
        rejects(InvalidTagException.class, "00f801f0"); // 240..244 are unassigned
        rejects(InvalidTagException.class, "00f801f4");
        rejects(InvalidTagException.class, "00f80311f80111"); // a list where an attribute key belongs
        rejects(InvalidTagException.class, "00f80211f801ee0000"); // a child that does not start with a list
    }

    @Test
    void invalidNodes() {
        rejects(InvalidNodeException.class, "0000");
        rejects(InvalidNodeException.class, "00f800");
        rejects(InvalidNodeException.class, "00f80100"); // empty tag via LIST_EMPTY
        rejects(InvalidNodeException.class, "00f801fc00"); // empty tag via BINARY_8
    }

    @Test
    void invalidJids() {
        rejects(MalformedJidException.class, "00f80311fc016bfa0300"); // JID_PAIR with empty server
        rejects(MalformedJidException.class, "00f80311fc016bfafa000303"); // JID inside a JID
        rejects(MalformedJidException.class, "00f80311fc016bf7000700"); // AD_JID device with empty user
        rejects(MalformedJidException.class, "00f80311fc016bfafc0361406203"); // user "a@b"
        rejects(MalformedJidException.class, "00f80311fc016bfafc03612062fc0141"); // user "a b", server "A"
        rejects(MalformedJidException.class, "00f80311fc016bf6ff811f0003fc016d"); // FB_JID server "m"
        rejects(MalformedJidException.class, "00f80311fc016bf5ff811f00030000fc016d"); // INTEROP_JID server "m"
    }

    @Test
    void invalidUtf8() {
        for (String bad : new String[] {"c080", "eda080", "e282", "f5808080", "80", "f0808080", "f4908080", "ff"}) {
            InvalidUtf8Exception e = rejects(InvalidUtf8Exception.class,
                    "00f80311fc016bfc" + HEX.toHexDigits((byte) (bad.length() / 2)) + bad);
            assertEquals(8, e.position()); // the first byte of the bad sequence, counted from the node start
        }
        rejects(InvalidUtf8Exception.class, "00f801fc02c328"); // bad tag
    }

    @Test
    void invalidPackedStrings() {
        rejects(InvalidPackedStringException.class, "00f80311fc016bff01c0"); // nibble 12
        rejects(InvalidPackedStringException.class, "00f80311fc016bff01f1"); // nibble 15 is only padding
        rejects(InvalidPackedStringException.class, "00f80311fc016bff80"); // odd flag, no bytes
        rejects(InvalidPackedStringException.class, "00f80311fc016bff8112"); // odd, pad is not 0xF
        rejects(InvalidPackedStringException.class, "00f80311fc016bfb81a0");
    }

    @Test
    void trailingBytesAndDuplicates() {
        rejects(TrailingBytesException.class, "00f8011100");
        rejects(DuplicateAttributeException.class, "00f8051104050406");
        StringBuilder many = new StringBuilder("00f82911"); // 20 attributes, the last repeating the first
        for (int i = 0; i < 19; i++) {
            many.append("fc02").append(HEX.formatHex(String.format("%02d", i).getBytes())).append("05");
        }
        many.append("fc023030").append("05");
        rejects(DuplicateAttributeException.class, many.toString());
    }

    @Test
    void nestingLimit() throws Exception {
        assertEquals(NodeDecoder.MAX_DEPTH, depth(V3.decode(nested(NodeDecoder.MAX_DEPTH))));
        assertThrows(NodeTooDeepException.class, () -> V3.decode(nested(NodeDecoder.MAX_DEPTH + 1)));
        assertThrows(NodeTooDeepException.class, () -> V3.decode(nested(100_000)));
    }

    /** A chain of {@code <iq>} nodes, depth levels below the root. */
    private static byte[] nested(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        for (int i = 0; i < depth; i++) {
            out.writeBytes(new byte[] {(byte) 0xf8, 2, 0x19, (byte) 0xf8, 1});
        }
        out.writeBytes(new byte[] {(byte) 0xf8, 1, 0x19});
        return out.toByteArray();
    }

    private static int depth(Node node) {
        int d = 0;
        while (!node.children().isEmpty()) {
            node = node.children().get(0);
            d++;
        }
        return d;
    }

    @Test
    void compressedFrames() throws Exception {
        Node node = Node.builder("iq").attr("id", "1").child(Node.builder("x").bytes(new byte[5000]).build()).build();
        byte[] plain = V3.encode(node);
        byte[] compressed = frame(2, deflate(Arrays.copyOfRange(plain, 1, plain.length)));
        assertEquals(node, V3.decode(compressed));

        assertThrows(CorruptCompressionException.class, () -> V3.decode(frame(2, HEX.parseHex("0102030405"))));
        byte[] cut = Arrays.copyOf(compressed, compressed.length - 6);
        assertThrows(CorruptCompressionException.class, () -> V3.decode(cut));
        byte[] trailing = Arrays.copyOf(compressed, compressed.length + 3);
        assertThrows(CorruptCompressionException.class, () -> V3.decode(trailing));
        // the inflated bytes are decoded like any other: garbage inside a valid zlib stream is a node error
        assertThrows(InvalidTagException.class, () -> V3.decode(frame(2, deflate(new byte[] {0x11}))));
    }

    @Test
    void compressionBomb() throws Exception {
        byte[] bomb = frame(2, deflate(new byte[16 << 20])); // 16 MiB of zeros in about 16 KiB
        assertThrows(InflatedSizeExceededException.class, () -> V3.decode(bomb));
        NodeCodec strict = V3.withMaxInflatedSize(1000);
        byte[] justOver = frame(2, deflate(new byte[1001]));
        assertThrows(InflatedSizeExceededException.class, () -> strict.decode(justOver));
        byte[] atLimit = V3.encode(Node.builder("x").bytes(new byte[991]).build()); // 00 | f8 02 | fc 01 78 | fd 00 03 df
        assertEquals(1001, atLimit.length);
        assertEquals(991, strict.decode(frame(2, deflate(Arrays.copyOfRange(atLimit, 1, atLimit.length)))).bytesLength());
    }

    @Test
    void streamEndMarker() throws Exception {
        assertEquals(Node.XML_STREAM_END, V3.decode(new byte[] {2}));
        assertEquals(Node.XML_STREAM_END, V3.decode(HEX.parseHex("00f80102")));
        assertEquals("00f80102", HEX.formatHex(V3.encode(Node.XML_STREAM_END)));
    }

    @Test
    void unencodableNodes() {
        String lone = "a\uD800b";
        assertThrows(NodeEncodingException.class, () -> V3.encode(Node.builder("x").attr("k", lone).build()));
        assertThrows(NodeEncodingException.class, () -> V3.encode(Node.builder(lone).build()));
        NodeBuilder big = Node.builder("x");
        Node leaf = Node.of("y");
        for (int i = 0; i < 0x10000; i++) {
            big.child(leaf);
        }
        assertThrows(NodeEncodingException.class, () -> V3.encode(big.build()));
        NodeBuilder manyAttrs = Node.builder("x");
        for (int i = 0; i < 0x8000; i++) {
            manyAttrs.attr("k" + i, "v");
        }
        assertThrows(NodeEncodingException.class, () -> V3.encode(manyAttrs.build()));
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] frame(int flag, byte[] body) {
        byte[] f = new byte[body.length + 1];
        f[0] = (byte) flag;
        System.arraycopy(body, 0, f, 1, body.length);
        return f;
    }
}
