package io.wabridge.client.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingTest {

    private final List<byte[]> frames = new ArrayList<>();
    private final FrameSink collect = (buf, off, len) -> frames.add(Arrays.copyOfRange(buf, off, off + len));

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void firstFrameCarriesTheWaHeaderOnly() {
        FrameEncoder encoder = new FrameEncoder(3, null, 1 << 20);
        assertArrayEquals(hex("57410603" + "000002" + "aabb"), encoder.encode(hex("aabb")));
        assertArrayEquals(hex("000001" + "cc"), encoder.encode(hex("cc")));
        assertArrayEquals(hex("57410602" + "000000"), new FrameEncoder(2, null, 10).encode(new byte[0]));
    }

    @Test
    void routingInfoPrefixPrecedesTheHeader() {
        FrameEncoder encoder = new FrameEncoder(3, hex("0102030405"), 1 << 20);
        assertArrayEquals(hex("45440001" + "000005" + "0102030405" + "57410603" + "000001" + "ff"), encoder.encode(hex("ff")));
        assertArrayEquals(hex("000001ee"), encoder.encode(hex("ee")));
    }

    @Test
    void writeHeaderLeavesRoomForInPlacePayload() {
        FrameEncoder encoder = new FrameEncoder(3, null, 100);
        byte[] out = new byte[encoder.headerLength() + 2];
        assertEquals(7, encoder.writeHeader(out, 0, 2));
        assertEquals(3, encoder.headerLength());
    }

    @Test
    void encoderRefusesOversizedFrames() {
        FrameEncoder encoder = new FrameEncoder(3, null, 4);
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> encoder.encode(new byte[5]));
        assertEquals(5, e.length());
        assertEquals(4, e.maxLength());
    }

    @Test
    void decoderYieldsSeveralFramesFromOneChunk() {
        FrameDecoder decoder = new FrameDecoder(100);
        decoder.feed(hex("000001aa" + "000000" + "000003bbccdd"), collect);
        assertEquals(3, frames.size());
        assertArrayEquals(hex("aa"), frames.get(0));
        assertArrayEquals(new byte[0], frames.get(1));
        assertArrayEquals(hex("bbccdd"), frames.get(2));
        assertFalse(decoder.hasPartialFrame());
    }

    @Test
    void decoderReassemblesFramesCutAnywhereIncludingInsideTheLength() {
        byte[] stream = hex("000004" + "01020304" + "000002" + "0506" + "000000" + "000003" + "070809");
        // Every way of cutting the stream into two chunks, and byte by byte.
        for (int cut = 0; cut <= stream.length; cut++) {
            frames.clear();
            FrameDecoder decoder = new FrameDecoder(100);
            decoder.feed(stream, 0, cut, collect);
            decoder.feed(stream, cut, stream.length - cut, collect);
            assertDecoded();
            assertFalse(decoder.hasPartialFrame());
        }
        frames.clear();
        FrameDecoder decoder = new FrameDecoder(100);
        for (byte b : stream) {
            decoder.feed(new byte[] {b}, collect);
        }
        assertDecoded();
    }

    private void assertDecoded() {
        assertEquals(4, frames.size());
        assertArrayEquals(hex("01020304"), frames.get(0));
        assertArrayEquals(hex("0506"), frames.get(1));
        assertArrayEquals(new byte[0], frames.get(2));
        assertArrayEquals(hex("070809"), frames.get(3));
    }

    @Test
    void decoderKeepsPartialStateAcrossChunks() {
        FrameDecoder decoder = new FrameDecoder(100);
        decoder.feed(hex("0000"), collect);
        assertTrue(decoder.hasPartialFrame());
        decoder.feed(hex("03aa"), collect);
        assertTrue(decoder.hasPartialFrame());
        assertTrue(frames.isEmpty());
        decoder.feed(hex("bbcc000001"), collect);
        assertEquals(1, frames.size());
        decoder.feed(hex("dd"), collect);
        assertArrayEquals(hex("dd"), frames.get(1));
    }

    @Test
    void decoderRejectsOversizedDeclaredLengthBeforeBuffering() {
        FrameDecoder decoder = new FrameDecoder(16);
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> decoder.feed(hex("ffffff00"), collect));
        assertEquals(0xffffff, e.length());
        FrameDecoder split = new FrameDecoder(16);
        split.feed(hex("00"), collect);
        assertThrows(FrameTooLargeException.class, () -> split.feed(hex("0011"), collect));
    }

    @Test
    void serverDecoderReadsHeaderThenFrames() {
        ServerFrameDecoder decoder = new ServerFrameDecoder(100);
        FrameEncoder encoder = new FrameEncoder(2, null, 100);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(encoder.encode(hex("0102")));
        stream.writeBytes(encoder.encode(hex("03")));
        decoder.feed(stream.toByteArray(), collect);
        assertEquals(2, decoder.dictionaryVersion());
        assertArrayEquals(hex("57410602"), decoder.header());
        assertNull(decoder.routingInfo());
        assertEquals(2, frames.size());
        assertArrayEquals(hex("03"), frames.get(1));
    }

    @Test
    void serverDecoderReadsRoutingPrefixInAnySplit() {
        byte[] routing = hex("0a0b0c");
        byte[] stream = new FrameEncoder(3, routing, 100).encode(hex("abcdef"));
        for (int cut = 0; cut <= stream.length; cut++) {
            frames.clear();
            ServerFrameDecoder decoder = new ServerFrameDecoder(100);
            assertEquals(-1, decoder.dictionaryVersion());
            decoder.feed(stream, 0, cut, collect);
            decoder.feed(stream, cut, stream.length - cut, collect);
            assertEquals(3, decoder.dictionaryVersion());
            assertArrayEquals(routing, decoder.routingInfo());
            assertArrayEquals(hex("57410603"), decoder.header());
            assertEquals(1, frames.size());
            assertArrayEquals(hex("abcdef"), frames.get(0));
        }
    }

    @Test
    void serverDecoderRejectsBadPreambles() {
        assertThrows(MalformedPreambleException.class, () -> new ServerFrameDecoder(100).feed(hex("474554"), collect));
        assertThrows(MalformedPreambleException.class, () -> new ServerFrameDecoder(100).feed(hex("57410503"), collect));
        assertThrows(MalformedPreambleException.class, () -> new ServerFrameDecoder(100).feed(hex("45440002000000"), collect));
        assertThrows(MalformedPreambleException.class, () -> new ServerFrameDecoder(100).feed(hex("45440001ffffff"), collect));
        assertThrows(FrameTooLargeException.class, () -> new ServerFrameDecoder(100).feed(hex("57410603ffffff"), collect));
    }
}
