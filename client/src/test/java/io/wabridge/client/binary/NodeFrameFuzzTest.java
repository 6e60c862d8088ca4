package io.wabridge.client.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.fuzz.Fuzzer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Corpus-driven fuzzing of whole frame payloads (flag byte, optional zlib, node), next to {@link DecoderFuzzTest}'s
 * uniform noise: the committed corpus ({@code fuzz/node-frame/}) holds real stanzas and the regressions found, the
 * generated seeds compressed and plain frames of both dictionaries. Every bad input is a {@link MalformedNodeException}
 * subclass; a compressed frame never inflates past the codec's cap (a bomb is {@link InflatedSizeExceededException},
 * found before the memory is spent); whatever decodes re-encodes, and that decodes again to the same shape.
 */
class NodeFrameFuzzTest {

    private static final int CAP = 64 * 1024;

    @Test
    void framesDecodeOrFailWithTheirMalformedNodeException() {
        for (int version : new int[] {2, 3}) {
            NodeCodec codec = NodeCodec.forVersion(version).withMaxInflatedSize(CAP);
            Fuzzer.Report report = Fuzzer.target("node-frame", input -> {
                Node node = codec.decode(input);
                // Whatever we accept we can write and read back (a JID form the encoder does not write, such as an
                // agent under dictionary 2, comes back as its text: equal up to that, so only the tag is compared).
                Node again = codec.decode(codec.encode(node));
                if (!again.tag().equals(node.tag()) || again.children().size() != node.children().size()) {
                    throw new AssertionError("decoded node does not survive re-encoding: " + node + " vs " + again);
                }
                return (input.length > 0 && (input[0] & BinaryTags.FLAG_COMPRESSED) != 0) ? "inflated" : "decoded";
            })
                    .allow(MalformedNodeException.class)
                    .seeds(seeds(version))
                    .token(new byte[] {(byte) 0xf8}).token(new byte[] {(byte) 0xfc}).token(new byte[] {(byte) 0xfa})
                    .token(new byte[] {(byte) 0xff}).token(new byte[] {(byte) 0xfb}).token(new byte[] {0x78, (byte) 0x9c})
                    .iterations(15_000)
                    .run();
            assertTrue(report.count("decoded") > 500, report.toString());
            assertTrue(report.count("inflated") >= 10, report.toString());
            assertTrue(report.count("CorruptCompressionException") > 50, report.toString());
        }
    }

    @Test
    void aDecompressionBombIsRefusedAtTheCapWhateverItWouldInflateTo() {
        NodeCodec codec = NodeCodec.forVersion(3).withMaxInflatedSize(CAP);
        for (int size : new int[] {CAP + 1, 16 * CAP, 64 << 20}) {
            byte[] bomb = compressed(new byte[size]);
            assertTrue(bomb.length < size / 100 + 64, "bomb of " + bomb.length + " bytes");
            assertThrows(InflatedSizeExceededException.class, () -> codec.decode(bomb));
        }
        // just under the cap inflates (and then is not a node: zeros are a list of size 0)
        byte[] fits = compressed(new byte[CAP]);
        MalformedNodeException e = assertThrows(MalformedNodeException.class, () -> codec.decode(fits));
        assertTrue(!(e instanceof InflatedSizeExceededException), e.toString());
        assertEquals(4 << 20, NodeCodec.forVersion(3).maxInflatedSize(), "the client's default cap");
    }

    private static List<byte[]> seeds(int version) {
        NodeCodec codec = NodeCodec.forVersion(version);
        RandomNodes nodes = new RandomNodes(0x5EED + version, version);
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] frame = codec.encode(nodes.node(3));
            if (frame.length > 2000) {
                continue;
            }
            seeds.add(frame);
            if (i % 4 == 0) {
                byte[] zipped = compressed(Arrays.copyOfRange(frame, 1, frame.length));
                seeds.add(zipped);
            }
        }
        return seeds;
    }

    /** A compressed frame payload: flag byte 2, then zlib. */
    static byte[] compressed(byte[] nodeBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(BinaryTags.FLAG_COMPRESSED);
        try (DeflaterOutputStream zip = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            zip.write(nodeBytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
