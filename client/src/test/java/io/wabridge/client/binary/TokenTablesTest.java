package io.wabridge.client.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The token tables are protocol data and must equal the references' lists exactly.
 *
 * <p>Canonical serialization: the tokens joined by "\n" in index order (UTF-8, no trailing newline); the single-byte
 * list has 236 entries starting with the empty string, the double-byte list is the four dictionaries of 256
 * concatenated. The expected hashes were computed over the lists read from:
 * <ul>
 *   <li>version 3: {@code baileys@7.0.0-rc14} {@code lib/WABinary/constants.js} (SINGLE_BYTE_TOKENS,
 *       DOUBLE_BYTE_TOKENS); identical for whatsmeow {@code binary/token/token.go} (SingleByteTokens,
 *       DoubleByteTokens) and zapo {@code src/transport/binary/tokens.ts} (SINGLE_BYTE_TOKENS with "" prepended,
 *       DICTIONARY_0..3_TOKENS);</li>
 *   <li>version 2: {@code @whiskeysockets/baileys@6.17.16} {@code lib/WABinary/constants.js}.</li>
 * </ul>
 */
class TokenTablesTest {

    private static final String V3_SINGLE = "1e8302d2aba0d8c40d09fd79fc9c70347350cb00926dd0e3565683b347be35a5";
    private static final String V3_DOUBLE = "400b612b8c86d055404cee1b205c908a4db35bd57683b4903f72d003ff52144d";
    private static final String V2_SINGLE = "d3cdc34911227e23a1e1f5ba397bb180bf61379533489c150d1fa11fd1996f09";
    private static final String V2_DOUBLE = "8438d0715464730b986c188d8dbe81c25cbc4cda73c473b5adf6eccd85d5c771";

    @Test
    void version3TablesMatchTheReferences() throws Exception {
        assertEquals(V3_SINGLE, sha256(TokenDictionary.V3.singleByteTokens()));
        assertEquals(V3_DOUBLE, sha256(TokenDictionary.V3.doubleByteTokens()));
    }

    @Test
    void version2TablesMatchTheReferences() throws Exception {
        assertEquals(V2_SINGLE, sha256(TokenDictionary.V2.singleByteTokens()));
        assertEquals(V2_DOUBLE, sha256(TokenDictionary.V2.doubleByteTokens()));
    }

    @Test
    void versionsDifferWhereTheNotesSayTheyDo() {
        assertEquals("notification", TokenDictionary.V3.singleByte(9));
        assertEquals("broadcast", TokenDictionary.V2.singleByte(9));
        assertEquals(236, TokenDictionary.V3.singleByteCount());
        assertEquals(236, TokenDictionary.V2.singleByteCount());
    }

    /** Every token of each version encodes as its own one or two bytes and decodes back. */
    @Test
    void everyTokenEncodesToItsIndexAndBack() throws Exception {
        for (int version : new int[] {2, 3}) {
            NodeCodec codec = NodeCodec.forVersion(version);
            TokenDictionary dict = codec.dictionary();
            for (int i = 1; i < dict.singleByteCount(); i++) {
                assertTokenBytes(codec, dict.singleByte(i), new byte[] {(byte) i});
            }
            for (int d = 0; d < 4; d++) {
                for (int i = 0; i < 256; i++) {
                    assertTokenBytes(codec, dict.doubleByte(d, i), new byte[] {(byte) (236 + d), (byte) i});
                }
            }
        }
    }

    /** Encodes {@code <x k=token/>} ("x" and "k" are no tokens in either version) and checks the value bytes. */
    private static void assertTokenBytes(NodeCodec codec, String token, byte[] expected) throws Exception {
        Node node = Node.builder("x").attr("k", token).build();
        byte[] frame = codec.encode(node);
        // 00 f8 03 | fc 01 'x' | fc 01 'k' | value
        byte[] value = java.util.Arrays.copyOfRange(frame, 9, frame.length);
        assertArrayEquals(expected, value, () -> "v" + codec.dictionaryVersion() + " token \"" + token + "\"");
        assertEquals(node, codec.decode(frame));
    }

    private static String sha256(List<String> tokens) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(String.join("\n", tokens).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}
