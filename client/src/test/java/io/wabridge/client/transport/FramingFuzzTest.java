package io.wabridge.client.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.fuzz.Fuzzer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the length-prefixed framing, both sides: whatever the bytes, the decoders hand out frames or throw their
 * {@link FramingException}; never more than the maximum frame size is buffered; and the frames do not depend on how
 * the bytes were cut into WebSocket messages (each input is fed whole and in pieces, the cuts drawn from the input).
 */
class FramingFuzzTest {

    private static final int MAX_FRAME = 4096;

    @Test
    void clientFrameDecoderHandsOutTheSameFramesHoweverTheBytesAreCut() {
        Fuzzer.Report report = Fuzzer.target("frame-decoder", input -> {
            List<byte[]> whole = new ArrayList<>();
            FramingException wholeFailure = feed(new FrameDecoder(MAX_FRAME), input, new int[] {input.length}, whole);
            List<byte[]> pieces = new ArrayList<>();
            FramingException piecesFailure = feed(new FrameDecoder(MAX_FRAME), input, cuts(input), pieces);
            if (!sameFrames(whole, pieces) || (wholeFailure == null) != (piecesFailure == null)) {
                throw new AssertionError("cut input decoded differently: " + whole.size() + " vs " + pieces.size()
                        + " frames, failures " + wholeFailure + " / " + piecesFailure);
            }
            if (wholeFailure != null) {
                throw wholeFailure;
            }
            return whole.isEmpty() ? "no-frame" : "frames";
        })
                .allow(FrameTooLargeException.class, e -> e.length() > MAX_FRAME && e.maxLength() == MAX_FRAME)
                .seeds(List.of(frames(new byte[0]), frames(new byte[] {1, 2, 3}, new byte[200], new byte[0]),
                        new byte[] {0, 0x10, 0}, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 1}))
                .iterations(20_000)
                .run();
        assertTrue(report.count("frames") > 1_000, report.toString());
        assertTrue(report.count("FrameTooLargeException") > 100, report.toString());
    }

    @Test
    void serverPreambleAndFramesFailOnlyWithFramingErrors() {
        byte[] wa = {'W', 'A', 6, 3};
        byte[] routed = {'E', 'D', 0, 1, 0, 0, 4, 9, 8, 7, 6, 'W', 'A', 6, 2};
        Fuzzer.Report report = Fuzzer.target("server-frame-decoder", input -> {
            ServerFrameDecoder decoder = new ServerFrameDecoder(MAX_FRAME);
            int[] count = {0};
            int pos = 0;
            for (int cut : cuts(input)) {
                decoder.feed(input, pos, cut, (buffer, offset, length) -> {
                    if (length > MAX_FRAME) {
                        throw new AssertionError("frame of " + length + " bytes over the maximum");
                    }
                    count[0]++;
                });
                pos += cut;
            }
            if (decoder.preambleComplete() && decoder.dictionaryVersion() < 0) {
                throw new AssertionError("preamble complete without a header");
            }
            return decoder.preambleComplete() ? (count[0] > 0 ? "frames" : "preamble") : "partial-preamble";
        })
                .allow(FramingException.class)
                .seeds(List.of(concat(wa, frames(new byte[] {1, 2})), concat(routed, frames(new byte[3])), wa, routed))
                .token(wa).token(new byte[] {'E', 'D', 0, 1})
                .iterations(20_000)
                .run();
        assertTrue(report.count("frames") > 500, report.toString());
        assertTrue(report.countStartingWith("MalformedPreamble") > 100, report.toString());
    }

    private static FramingException feed(FrameDecoder decoder, byte[] input, int[] cuts, List<byte[]> out) {
        int pos = 0;
        try {
            for (int cut : cuts) {
                decoder.feed(input, pos, cut, (buffer, offset, length) -> {
                    if (length > MAX_FRAME) {
                        throw new AssertionError("frame of " + length + " bytes over the maximum");
                    }
                    out.add(Arrays.copyOfRange(buffer, offset, offset + length));
                });
                pos += cut;
            }
            return null;
        } catch (FramingException e) {
            return e;
        }
    }

    /** Piece lengths summing to the input's length, drawn from the input itself (so a failure reproduces). */
    private static int[] cuts(byte[] input) {
        List<Integer> cuts = new ArrayList<>();
        int left = input.length;
        int i = 0;
        while (left > 0) {
            int size = Math.min(left, 1 + ((input[i % input.length] & 0xff) * 31 + i) % 7);
            cuts.add(size);
            left -= size;
            i++;
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean sameFrames(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] frames(byte[]... payloads) {
        byte[] out = new byte[0];
        for (byte[] p : payloads) {
            out = concat(out, FrameEncoder.encodeServerFrame(p));
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
