package io.wabridge.client.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the decoder: random byte strings shaped like frames, and mutations of valid frames. The only
 * acceptable failure is a {@link MalformedNodeException}; whatever decodes must also format, parse and re-encode.
 */
class DecoderFuzzTest {

    private static final int RANDOM_INPUTS = 30_000;
    private static final int MUTATED_INPUTS = 30_000;
    /** Bytes that mean something to the decoder, to reach deeper than uniform noise would. */
    private static final int[] SPECIAL = {0, 1, 2, 3, 4, 0x11, 0x19, 235, 236, 237, 238, 239, 240, 245, 246, 247, 248, 249,
            250, 251, 252, 253, 254, 255, 0x7f, 0x80, 0x81, 0xbf, 0xc0, 0x0f, 0xf0};

    private int decoded;
    private int rejected;

    @Test
    void decoderOnlyEverThrowsMalformedNodeException() {
        for (int version : new int[] {2, 3}) {
            NodeCodec codec = NodeCodec.forVersion(version).withMaxInflatedSize(1 << 16);
            Random random = new Random(0xF022L + version);
            for (int i = 0; i < RANDOM_INPUTS; i++) {
                check(codec, randomFrame(random));
            }
            List<byte[]> seeds = validFrames(version);
            for (int i = 0; i < MUTATED_INPUTS; i++) {
                check(codec, mutate(random, seeds.get(random.nextInt(seeds.size()))));
            }
        }
        assertEquals(2 * (RANDOM_INPUTS + MUTATED_INPUTS), decoded + rejected);
        // both outcomes must be well represented, or the fuzzer is not exploring
        assertTrue(decoded > 5_000, "decoded " + decoded);
        assertTrue(rejected > 5_000, "rejected " + rejected);
    }

    private void check(NodeCodec codec, byte[] input) {
        Node node;
        try {
            node = codec.decode(input);
        } catch (MalformedNodeException expected) {
            rejected++;
            return;
        } catch (Throwable t) {
            throw new AssertionError("v" + codec.dictionaryVersion() + " decoder threw " + t + " on "
                    + HexFormat.of().formatHex(input), t);
        }
        decoded++;
        try {
            String text = NodeText.format(node);
            Node parsed = NodeText.parse(text);
            if (!parsed.equals(node) || !NodeText.format(parsed).equals(text)) {
                throw new AssertionError("text form does not round-trip: " + text);
            }
            codec.encode(node);
            node.toString();
        } catch (RuntimeException e) {
            throw new AssertionError("decoded node of " + HexFormat.of().formatHex(input) + " broke: " + e, e);
        }
    }

    private static byte[] randomFrame(Random random) {
        int length = random.nextInt(48);
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : SPECIAL[random.nextInt(SPECIAL.length)]);
        }
        if (length > 0 && random.nextInt(8) != 0) {
            b[0] = 0; // mostly uncompressed, so the node decoder gets the bytes
        }
        if (length > 1 && random.nextInt(3) != 0) {
            b[1] = (byte) 0xf8;
        }
        if (length > 2 && random.nextInt(3) != 0) {
            b[2] = (byte) (1 + random.nextInt(8));
        }
        return b;
    }

    private static List<byte[]> validFrames(int version) {
        RandomNodes gen = new RandomNodes(0xABCL + version, version);
        NodeCodec codec = NodeCodec.forVersion(version);
        List<byte[]> frames = new ArrayList<>();
        while (frames.size() < 300) {
            byte[] frame = codec.encode(gen.node(3));
            if (frame.length < 4000) {
                frames.add(frame);
            }
        }
        return frames;
    }

    private static byte[] mutate(Random random, byte[] frame) {
        byte[] b = frame.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && b.length > 1; m++) {
            int at = 1 + random.nextInt(b.length - 1);
            switch (random.nextInt(6)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] = (byte) SPECIAL[random.nextInt(SPECIAL.length)];
                case 2 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 3 -> b = Arrays.copyOf(b, at); // truncate
                case 4 -> { // delete one byte
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                default -> { // insert one byte
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) SPECIAL[random.nextInt(SPECIAL.length)];
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }
}
