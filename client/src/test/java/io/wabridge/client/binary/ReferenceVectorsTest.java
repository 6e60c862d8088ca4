package io.wabridge.client.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * Byte-exact vectors from the reference encoders: {@code @whiskeysockets/baileys@6.17.16} (dictionary 2) and
 * {@code baileys@7.0.0-rc14} (dictionary 3), {@code encodeBinaryNode} run on the same nodes (flag byte included).
 * Large outputs are pinned by SHA-256 and length. The first three dictionary-2 vectors are those of the protocol
 * notes. Two decode-only vectors come from zapo's {@code src/transport/binary/__tests__/codec-golden.json}.
 */
class ReferenceVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final NodeCodec V2 = NodeCodec.forVersion(2);
    private static final NodeCodec V3 = NodeCodec.forVersion(3);

    @Test
    void protocolNotesVectors() throws Exception {
        Node iq = Node.builder("iq").attr("id", "1.2-3").attr("xmlns", "encrypt").attr("type", "get")
                .attr("to", "@s.whatsapp.net").child(Node.of("count")).build();
        exact(iq, "00f80a1e08ff831b2a3f19aa04310efa0003f801f80139", "00f80a1908ff831b2a3f16cb042911fa0003f801f80141");
        exact(Node.builder("device").attr("jid", "15550001111:7@s.whatsapp.net").build(),
                "00f803ec060ff70007ff8615550001111f", "00f8033b0cf70007ff8615550001111f");
        exact(Node.builder("device").attr("jid", "99887766554433:7@lid").build(),
                "00f803ec060ff70107ff0799887766554433", "00f8033b0cf70107ff0799887766554433");
    }

    @Test
    void tokensAndDoubleByteTokens() throws Exception {
        Node node = Node.builder("notification").attr("type", "broadcast").attr("from", "status@broadcast")
                .attr("participant", "120363042123456789-1600000000@g.us").attr("t", "1700000000")
                .child(Node.builder("read-self").attr("voip_settings", "protocol").build()).build();
        exact(node,
                "00f80a0c040906fa0a0905faff8f120363042123456789a1600000000f131dff051700000000f801f803fc09726561642d73656c66ec05ec1c",
                "00f80a09040d06fa0b0d05faff8f120363042123456789a1600000000f1c1aff051700000000f801f803ec00ec0aec03");
    }

    @Test
    void smallContentForms() throws Exception {
        exact(Node.builder("value").text("12345").build(), "00f80221ff8312345f", "00f8026cff8312345f");
        exact(Node.builder("list").children().build(), "00f8026e00", "00f8027100");
        exact(Node.XML_STREAM_END, "00f80102", "00f80102");
        // the empty string: token 0 in Baileys 6, an empty BINARY_8 in Baileys 7
        exact(Node.builder("x").attr("k", "").build(), "00f803fc0178fc016b00", "00f803fc0178fc016bfc00");
        exact(Node.builder("enc").attr("v", "2").attr("type", "msg").bytes(pattern(112, 1)).build(),
                "00f8061636330442fc70" + HEX.formatHex(pattern(112, 1)),
                "00f8061d5145044dfc70" + HEX.formatHex(pattern(112, 1)));
    }

    @Test
    void packedStrings() throws Exception {
        Node node = Node.builder("iq").attr("a", "1").attr("b", "12").attr("c", "123.45-6").attr("d", "3EB0A1B2C3")
                .attr("e", "ABC").attr("f", "3eb0").attr("g", "9".repeat(127)).attr("h", "9".repeat(128))
                .attr("i", "A".repeat(127)).attr("j", "F0F").build();
        hashed(node, "fd00e6560e663653aa65c9ba493ec95042f84f3e7a182494ccc2d18b8ea2aa90", 320,
                "72de04f8ae5325e9a93404bcf50594f05f3ddb50d16636753105fa7bdc87feb2", 323);
    }

    /** {@code <x k=jid/>}, value bytes only; Baileys 6 rows marked "ours" differ on purpose (see below). */
    @Test
    void jidForms() throws Exception {
        jid("5511999998888@s.whatsapp.net", "faff875511999998888f03", "faff875511999998888f03");
        jid("5511999998888:12@s.whatsapp.net", "f7000cff875511999998888f", "f7000cff875511999998888f");
        jid("123456789012345:3@lid", "f70103ff88123456789012345f", "f70103ff88123456789012345f");
        jid("120363154211234567@newsletter", "faff09120363154211234567fc0a6e6577736c6574746572",
                "faff09120363154211234567fc0a6e6577736c6574746572");
        jid("13135550002@bot", "faff8613135550002ffc03626f74", "faff8613135550002ffc03626f74");
        jid("@g.us", "fa0013", "fa001c");
        jid("16505361212@c.us", "faff8616505361212ffc04632e7573", "faff8616505361212ffc04632e7573");
        jid("abc@call", "fafc0361626364", "fafc0361626364");
        jid("123456789012345@lid", "faff88123456789012345ffc036c6964", "faff88123456789012345f76");
        // Baileys 6 writes hosted devices as AD_JID domain 0 ("f70001..."), which every decoder reads back as
        // s.whatsapp.net: ours sends the text instead. Dictionary 3 agrees with Baileys 7.
        jid("5511888887777:1@hosted", "fc16" + HEX.formatHex("5511888887777:1@hosted".getBytes()),
                "f78001ff875511888887777f");
        jid("98765:2@hosted.lid", "fc12" + HEX.formatHex("98765:2@hosted.lid".getBytes()), "f78102ff8398765f");
    }

    private static void jid(String jid, String v2Hex, String v3Hex) throws Exception {
        Node node = Node.builder("x").attr("k", jid).build();
        exact(node, "00f803fc0178fc016b" + v2Hex, "00f803fc0178fc016b" + v3Hex);
    }

    @Test
    void rawStringsAndRawText() throws Exception {
        Node node = Node.builder("presence").attr("name", "olá mundo 😀")
                .attr("url", "https://mmg.whatsapp.net/v/t62.7118-24/abc_n.enc?ccb=11-4").attr("long", "y".repeat(300))
                .attr("lower", "3eb0ff").text("hello text").build();
        byte[] v2 = V2.encode(node);
        byte[] v3 = V3.encode(node);
        assertHash("9592bc4f13d4e74b111825a4e621ee3b3a4646fb577e20b990b6beb8329de0f3", 419, v2);
        assertHash("0ae44a4f514d8990278d3305d0fd3055aab01209a6c93e90e6b3276731453ed0", 419, v3);
        // raw text travels as BINARY_8 and, as in the references, comes back as bytes
        for (Node decoded : new Node[] {V2.decode(v2), V3.decode(v3)}) {
            assertEquals(ContentKind.BYTES, decoded.contentKind());
            assertEquals("hello text", decoded.contentString());
            assertEquals(node.attrs(), decoded.attrs());
        }
    }

    @Test
    void binaryLengthClasses() throws Exception {
        hashed(Node.builder("enc").attr("v", "2").attr("type", "skmsg").bytes(pattern(70000, 2)).build(),
                "99f435ab4e07d3a5f1ab6c4bda4474f40a9e0ff552f1ac601f4c9c5dbc2f5bfb", 70012,
                "96b9720ef28916c9b944d40aab07b4b2901b77c4c73f7a018759ea14224cbe42", 70012);
        hashed(Node.builder("media").bytes(pattern(1 << 20, 3)).build(),
                "db77879546ad920cb2d62908eb97d250f4f6f290d6213f361bc67bffe00d4c70", 1048585,
                "07219210b8f8ac47d4983c04f562882f900f9639a2a8381c19831df35d21eab9", 1048585);
    }

    @Test
    void list16Children() throws Exception {
        NodeBuilder list = Node.builder("list");
        for (int i = 0; i < 300; i++) {
            list.child(Node.builder("item").attr("n", String.valueOf(i)).build());
        }
        hashed(list.build(), "74e007ed1d0e9521f6496194741a6db1439e95f92614490cc9414154a2494f3c", 2810,
                "b1ce5b2c73a094ef42ac97e29dfff764a43bf1125f861b8824b32d244b60b387", 2773);
    }

    @Test
    void groupStanza() throws Exception {
        NodeBuilder participants = Node.builder("participants");
        for (int i = 0; i < 50; i++) {
            String jid = "1555000" + (1000 + i) + (i % 5 != 0 ? ":" + i % 5 : "") + "@s.whatsapp.net";
            participants.child(Node.builder("to").attr("jid", jid)
                    .child(Node.builder("enc").attr("v", "2").attr("type", i % 2 == 1 ? "msg" : "pkmsg")
                            .bytes(pattern(200, i)).build()).build());
        }
        Node message = Node.builder("message").attr("to", "120363042123456789@g.us")
                .attr("id", "3EB0C767D26E1C5B4F12").attr("type", "text").child(participants.build())
                .child(Node.builder("device-identity").bytes(pattern(150, 9)).build()).build();
        hashed(message, "f89fe4244a041f571df35ed6fa4ca7a453bf81613bf6f4b7376eb5d11a5cabe6", 11501,
                "c32c596ad7a3dcc8397ead1c0c6f6a03177d420a2f2830454d69798631d9596c", 11485);
    }

    /** zapo's encoder (dictionary 3, no flag byte) writes an empty child list as LIST_8 0. */
    @Test
    void zapoVectorsDecode() throws Exception {
        byte[] nestedBytes = HEX.parseHex("f80a1908fb043eb0aaaa045a110316cbf802f8049e0cfaff875511999998888f03"
                + "f801f8026cfc03010203f801fc05656d707479");
        Node nested = V3.decodeNode(nestedBytes, 0, nestedBytes.length);
        Node expected = Node.builder("iq").attr("id", "3EB0AAAA").attr("type", "set").attr("to", "s.whatsapp.net")
                .attr("xmlns", "encrypt")
                .child(Node.builder("key").attr("jid", "5511999998888@s.whatsapp.net")
                        .child(Node.builder("value").bytes(new byte[] {1, 2, 3}).build()).build())
                .child(Node.of("empty")).build();
        assertEquals(expected, nested);
        assertEquals("00" + "f80a1908fb043eb0aaaa045a110316cbf802f8049e0cfaff875511999998888f03"
                + "f801f8026cfc03010203f801fc05656d707479", HEX.formatHex(V3.encode(expected)));
        byte[] emptyList = HEX.parseHex("f8021ff800");
        assertEquals(Node.builder("presence").children().build(), V3.decodeNode(emptyList, 0, emptyList.length));
    }

    private static void exact(Node node, String v2Hex, String v3Hex) throws Exception {
        assertEquals(v2Hex, HEX.formatHex(V2.encode(node)), "dictionary 2 encoding of " + node);
        assertEquals(v3Hex, HEX.formatHex(V3.encode(node)), "dictionary 3 encoding of " + node);
        assertEquals(node, V2.decode(HEX.parseHex(v2Hex)));
        assertEquals(node, V3.decode(HEX.parseHex(v3Hex)));
    }

    private static void hashed(Node node, String v2Sha, int v2Length, String v3Sha, int v3Length) throws Exception {
        byte[] v2 = V2.encode(node);
        byte[] v3 = V3.encode(node);
        assertHash(v2Sha, v2Length, v2);
        assertHash(v3Sha, v3Length, v3);
        assertEquals(node, V2.decode(v2));
        assertEquals(node, V3.decode(v3));
    }

    private static void assertHash(String sha, int length, byte[] encoded) throws Exception {
        assertEquals(length, encoded.length);
        assertEquals(sha, HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(encoded)));
    }

    /** The reference script's filler: byte i = (31 i + seed) mod 256. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
