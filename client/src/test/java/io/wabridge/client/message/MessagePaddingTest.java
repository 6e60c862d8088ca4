package io.wabridge.client.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessagePaddingTest {

    @Test
    void everyPadLengthRoundTrips() throws InvalidPaddingException {
        byte[] message = {10, 3, 'a', 'b', 'c'};
        for (int pad = 1; pad <= 16; pad++) {
            byte[] padded = MessagePadding.pad(message, pad);
            assertEquals(message.length + pad, padded.length);
            assertEquals(pad, padded[padded.length - 1]);
            assertEquals(message.length, MessagePadding.unpaddedLength(padded));
            assertArrayEquals(message, MessagePadding.unpad(padded));
        }
        assertArrayEquals(new byte[0], MessagePadding.unpad(MessagePadding.pad(new byte[0], 4)), "empty message");
    }

    @Test
    void randomPadLengthsCoverOneToSixteen() {
        SplittableRandom random = new SplittableRandom(1);
        int[] seen = new int[18];
        for (int i = 0; i < 5000; i++) {
            seen[MessagePadding.padLength(random)]++;
        }
        assertEquals(0, seen[0]);
        assertEquals(0, seen[17]);
        for (int pad = 1; pad <= 16; pad++) {
            assertEquals(5000 / 16.0, seen[pad], 100, "pad " + pad + " roughly uniform");
        }
    }

    @Test
    void badPaddingIsRejected() {
        assertThrows(InvalidPaddingException.class, () -> MessagePadding.unpaddedLength(new byte[0]));
        assertThrows(InvalidPaddingException.class, () -> MessagePadding.unpaddedLength(new byte[] {1, 2, 0}), "pad 0");
        byte[] seventeen = new byte[40];
        java.util.Arrays.fill(seventeen, (byte) 17);
        assertThrows(InvalidPaddingException.class, () -> MessagePadding.unpaddedLength(seventeen), "pad 17");
        assertThrows(InvalidPaddingException.class, () -> MessagePadding.unpaddedLength(new byte[] {5, 5, 5}), "longer than input");
        assertThrows(InvalidPaddingException.class, () -> MessagePadding.unpaddedLength(new byte[] {9, 9, 3, 4, 3}),
                "a padding byte differs");
        assertEquals(0, assertDoesNotThrowLength(new byte[] {3, 3, 3}), "all padding");
        assertThrows(IllegalArgumentException.class, () -> MessagePadding.pad(new byte[1], 0));
        assertThrows(IllegalArgumentException.class, () -> MessagePadding.pad(new byte[1], 17));
    }

    private static int assertDoesNotThrowLength(byte[] padded) {
        try {
            return MessagePadding.unpaddedLength(padded);
        } catch (InvalidPaddingException e) {
            throw new AssertionError(e);
        }
    }
}
