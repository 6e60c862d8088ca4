package io.wabridge.client.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.proto.wa.Message;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessagePlaintextTest {

    @Test
    void encodesThePaddedProtobufAndDecodesIt() throws PlaintextException {
        Message message = Message.newBuilder().setConversation("hello").build();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50; i++) {
            byte[] padded = MessagePlaintext.encode(message, random);
            int pad = padded[padded.length - 1];
            assertTrue(pad >= 1 && pad <= 16);
            assertEquals(message.getSerializedSize() + pad, padded.length);
            assertArrayEquals(message.toByteArray(), java.util.Arrays.copyOf(padded, padded.length - pad));
            assertEquals(message, MessagePlaintext.decode(padded));
        }
    }

    @Test
    void unknownFieldsSurviveDecodeAndReencode() throws PlaintextException {
        byte[] wire = HexFormat.of().parseHex("0a0161" + "1a020801" + "c20c0101");
        Message decoded = MessagePlaintext.decode(MessagePadding.pad(wire, 3));
        assertArrayEquals(wire, decoded.toByteArray());
    }

    @Test
    void badPlaintextsGetSpecificExceptions() {
        assertThrows(InvalidPaddingException.class, () -> MessagePlaintext.decode(new byte[] {0x0a, 0x01, 0x61, 0x00}));
        // valid padding around bytes that are no protobuf (a length running past the end)
        assertThrows(MalformedMessageException.class, () -> MessagePlaintext.decode(MessagePadding.pad(new byte[] {0x0a, 0x7f}, 2)));
    }
}
