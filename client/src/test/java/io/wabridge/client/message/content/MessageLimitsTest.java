package io.wabridge.client.message.content;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wabridge.proto.wa.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageLimitsTest {

    @Test
    void textsUpToTheLimitPassLongerOnesThrow() {
        String max = "a".repeat(MessageLimits.MAX_TEXT_LENGTH);
        assertDoesNotThrow(() -> MessageLimits.checkText(max));
        TextTooLongException tooLong = assertThrows(TextTooLongException.class, () -> MessageLimits.checkText(max + "b"));
        assertEquals(65_537, tooLong.length());
        // counted in UTF-16 units, as WhatsApp Web counts: 32,769 emoji are 65,538 units
        assertThrows(TextTooLongException.class, () -> MessageLimits.checkText("😀".repeat(32_769)));
    }

    @Test
    void theCodecRefusesTooLongOutgoingTextButDecodesAnything() {
        String tooLong = "x".repeat(MessageLimits.MAX_TEXT_LENGTH + 1);
        assertThrows(TextTooLongException.class, () -> MessageContentCodec.encode(new Text(tooLong)));
        assertThrows(TextTooLongException.class,
                () -> MessageContentCodec.encode(new ExtendedText(tooLong, List.of(), null, null, 0)));
        assertThrows(TextTooLongException.class, () -> MessageContentCodec.encode(
                new Edit(new MessageRef("1@s.whatsapp.net", true, "ID", null), new Text(tooLong), 0)));
        assertEquals(new Text(tooLong), MessageContentCodec.decode(Message.newBuilder().setConversation(tooLong).build()));
    }

    @Test
    void impossiblePollsAreRefused() {
        assertThrows(InvalidMessageContentException.class, () -> MessageContentCodec.encode(Poll.create("q", List.of("only"), 0)));
        assertThrows(InvalidMessageContentException.class, () -> MessageContentCodec.encode(Poll.create("q", List.of("a", "a"), 0)));
        assertThrows(InvalidMessageContentException.class, () -> MessageContentCodec.encode(Poll.create("q", List.of("a", "b"), 3)));
        assertThrows(InvalidMessageContentException.class, () -> MessageContentCodec.encode(Poll.create(" ", List.of("a", "b"), 1)));
        assertThrows(InvalidMessageContentException.class,
                () -> MessageContentCodec.encode(Poll.create("q", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"), 0)));
        assertThrows(InvalidMessageContentException.class, () -> MessageContentCodec.encode(new Poll("q", List.of("a", "b"), 1, null)));
        assertDoesNotThrow(() -> MessageContentCodec.encode(Poll.create("q", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"), 0)));
    }
}
