package io.wabridge.client.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded random nodes survive encode/decode and format/parse, in both dictionary versions. */
class RoundTripPropertyTest {

    private static final int NODES = 2000;

    @ParameterizedTest(name = "dictionary {0}")
    @ValueSource(ints = {2, 3})
    void encodeThenDecodeGivesAnEqualNode(int version) throws Exception {
        NodeCodec codec = NodeCodec.forVersion(version);
        RandomNodes gen = new RandomNodes(0x5eed0000L + version, version);
        boolean[] tagsSeen = new boolean[256];
        Set<ContentKind> kinds = EnumSet.noneOf(ContentKind.class);
        for (int i = 0; i < NODES; i++) {
            Node node = gen.node(4);
            byte[] frame = codec.encode(node);
            Node decoded = codec.decode(frame);
            if (!node.equals(decoded)) {
                throw new AssertionError("node " + i + " changed in transit\n  sent " + NodeText.format(node)
                        + "\n  got  " + NodeText.format(decoded) + "\n  hex  " + HexFormat.of().formatHex(frame));
            }
            assertEquals(node.hashCode(), decoded.hashCode());
            collect(decoded, kinds);
            for (byte b : frame) {
                tagsSeen[b & 0xFF] = true;
            }
        }
        assertEquals(EnumSet.allOf(ContentKind.class), kinds);
        // crude but telling: the reserved tags all occur somewhere in the corpus
        int[] expected = version == 3
                ? new int[] {0, 236, 237, 238, 239, 245, 246, 247, 248, 249, 250, 251, 252, 253, 255}
                : new int[] {0, 236, 237, 238, 239, 247, 248, 249, 250, 251, 252, 253, 255};
        for (int tag : expected) {
            assertTrue(tagsSeen[tag], "tag " + tag + " never written");
        }
    }

    @ParameterizedTest(name = "dictionary {0}")
    @ValueSource(ints = {2, 3})
    void textFormRoundTripsExactly(int version) {
        RandomNodes gen = new RandomNodes(0x7e47L + version, version);
        for (int i = 0; i < NODES; i++) {
            Node node = gen.node(4);
            String text = NodeText.format(node);
            Node parsed = NodeText.parse(text);
            assertEquals(node, parsed, text);
            assertEquals(text, NodeText.format(parsed));
        }
    }

    private static void collect(Node node, Set<ContentKind> kinds) {
        kinds.add(node.contentKind());
        for (Node child : node.children()) {
            collect(child, kinds);
        }
    }
}
