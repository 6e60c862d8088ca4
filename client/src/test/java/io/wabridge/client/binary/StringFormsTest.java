package io.wabridge.client.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.wabridge.client.jid.Jid;

import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Which wire form each kind of string takes, checked byte by byte, and that each decodes back. */
class StringFormsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final NodeCodec V2 = NodeCodec.forVersion(2);
    private static final NodeCodec V3 = NodeCodec.forVersion(3);

    /** The bytes of attribute value {@code value} in {@code <x k=value/>} ("x" and "k" are raw in both versions). */
    private static String valueHex(NodeCodec codec, Object value) throws Exception {
        NodeBuilder b = Node.builder("x");
        if (value instanceof Jid jid) {
            b.attr("k", jid);
        } else {
            b.attr("k", (String) value);
        }
        Node node = b.build();
        byte[] frame = codec.encode(node);
        Node decoded = codec.decode(frame);
        assertEquals(node, decoded);
        assertEquals(value.toString(), decoded.attr("k"));
        return HEX.formatHex(Arrays.copyOfRange(frame, 9, frame.length));
    }

    /** BINARY_8 with the string's bytes. */
    private static String raw(String s) {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return "fc" + HEX.toHexDigits((byte) utf8.length) + HEX.formatHex(utf8);
    }

    @Test
    void tokensComeFirst() throws Exception {
        assertEquals("08", valueHex(V3, "id"));
        assertEquals("ec00", valueHex(V3, "read-self"));
        assertEquals("2d", valueHex(V3, "0")); // a digit string that is a token is no nibble
    }

    @Test
    void nibblePacking() throws Exception {
        assertEquals("ff021234", valueHex(V3, "1234"));
        assertEquals("ff82123f", valueHex(V3, "123"));
        assertEquals("ff82ab0f", valueHex(V3, "-.0"));
        assertEquals("ffc0" + "99".repeat(63) + "9f", valueHex(V3, "9".repeat(127))); // 64 bytes, odd flag
        assertEquals("fc80" + "39".repeat(128), valueHex(V3, "9".repeat(128))); // too long to pack: raw
    }

    @Test
    void hexPacking() throws Exception {
        assertEquals("fb023eb0", valueHex(V3, "3EB0"));
        assertEquals("fb81af", valueHex(V3, "A"));
        assertEquals("fc04" + HEX.formatHex("3eb0".getBytes()), valueHex(V3, "3eb0")); // lowercase is raw
    }

    @Test
    void jidForms() throws Exception {
        assertEquals("fa0003", valueHex(V3, "@s.whatsapp.net"));
        assertEquals("faff8612345678901f03", valueHex(V3, "12345678901@s.whatsapp.net"));
        assertEquals("f70007ff8612345678901f", valueHex(V3, "12345678901:7@s.whatsapp.net"));
        assertEquals("f70107ff8612345678901f", valueHex(V3, "12345678901:7@lid"));
        assertEquals("f78001ff8612345678901f", valueHex(V3, "12345678901:1@hosted"));
        assertEquals("f78102ff8612345678901f", valueHex(V3, "12345678901:2@hosted.lid"));
        assertEquals("f70502ff8612345678901f", valueHex(V3, "12345678901_5:2@s.whatsapp.net"));
        assertEquals("f70500ff8612345678901f", valueHex(V3, Jid.of("12345678901", 5, 0, 0, "s.whatsapp.net")));
        // FB_JID and INTEROP_JID exist from dictionary 3 on
        assertEquals("f6" + "ff8612345678901f" + "0003" + valueHex(V3, "msgr"), valueHex(V3, "12345678901:3@msgr"));
        assertEquals("f5" + "ff8612345678901f" + "0003" + "0007" + valueHex(V3, "interop"),
                valueHex(V3, "7-12345678901:3@interop"));
        // dictionary 2 has neither: a device on msgr cannot be a JID_PAIR, so it travels as text
        assertEquals(raw("12345678901:3@msgr"), valueHex(V2, "12345678901:3@msgr"));
    }

    @Test
    void jidsWithoutABinaryFormTravelAsText() throws Exception {
        assertEquals(raw("120363042123456789:2@g.us"), valueHex(V3, Jid.ofDevice("120363042123456789", 2, "g.us")));
        assertEquals(raw("1:300@s.whatsapp.net"), valueHex(V3, Jid.ofDevice("1", 300, "s.whatsapp.net")));
        assertEquals(raw("1_5:2@lid"), valueHex(V3, Jid.of("1", 5, 2, 0, "lid")));
        assertEquals(raw("1_1:2@s.whatsapp.net"), valueHex(V3, Jid.of("1", 1, 2, 0, "s.whatsapp.net")));
        // dictionary 2 decoders read any domain byte but 0 as lid: agents and hosted servers go as text there
        assertEquals(raw("1_5:2@s.whatsapp.net"), valueHex(V2, "1_5:2@s.whatsapp.net"));
        assertEquals(raw("1:2@hosted"), valueHex(V2, "1:2@hosted"));
        // not JIDs at all: raw, kept exactly
        for (String notJid : new String[] {"a@b@c", "user@", "x@Y.COM", "a:b@s.whatsapp.net", "user.1:2@s.whatsapp.net"}) {
            assertEquals(raw(notJid), valueHex(V3, notJid));
        }
    }

    /** A JID spelled non-canonically is sent as that JID, so it comes back in canonical spelling. */
    @Test
    void nonCanonicalJidSpellingIsSentCanonically() throws Exception {
        Node node = Node.builder("x").attr("a", "12345678901:0@s.whatsapp.net").attr("b", "1:07@lid").build();
        Node decoded = V3.decode(V3.encode(node));
        assertEquals("12345678901@s.whatsapp.net", decoded.attr("a"));
        assertEquals("1:7@lid", decoded.attr("b"));
        assertInstanceOf(Jid.class, decoded.attrValueObject(0));
    }

    @Test
    void rawLengthClasses() throws Exception {
        assertEquals("fc05" + HEX.formatHex("hello".getBytes()), valueHex(V3, "hello"));
        assertEquals("fc05c3a9e282ac", valueHex(V3, "é€"));
        assertEquals("fd000100", valueHex(V3, "y".repeat(256)).substring(0, 8));
        assertEquals("fd0fffff", valueHex(V3, "y".repeat((1 << 20) - 1)).substring(0, 8));
        assertEquals("fe00100000", valueHex(V3, "y".repeat(1 << 20)).substring(0, 10));
        assertEquals("f09f9880", valueHex(V3, "😀").substring(4));
    }

    @Test
    void emptyStringDependsOnVersion() throws Exception {
        assertEquals("00", valueHex(V2, ""));
        assertEquals("fc00", valueHex(V3, ""));
    }
}
