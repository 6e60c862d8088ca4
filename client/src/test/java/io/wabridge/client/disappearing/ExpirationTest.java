package io.wabridge.client.disappearing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.MessageRef;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Text;
import io.wabridge.proto.wa.ContextInfo;
import io.wabridge.proto.wa.FutureProofMessage;
import io.wabridge.proto.wa.ImageMessage;
import io.wabridge.proto.wa.Message;
import org.junit.jupiter.api.Test;

/** The expiration written into outgoing messages and read from received ones. */
class ExpirationTest {

    @Test
    void aPlainTextBecomesAnExtendedTextWithTheTimerAndItsSettingTime() {
        Message stamped = Expiration.stamp(Message.newBuilder().setConversation("hi").build(), 86_400, 1_700_000_000L);
        assertFalse(stamped.hasConversation());
        assertEquals("hi", stamped.getExtendedTextMessage().getText());
        ContextInfo context = stamped.getExtendedTextMessage().getContextInfo();
        assertEquals(86_400, context.getExpiration());
        assertEquals(1_700_000_000L, context.getEphemeralSettingTimestamp());
        assertEquals(86_400, Expiration.of(stamped));
        assertEquals("hi", ((io.wabridge.client.message.content.ExtendedText) MessageContentCodec.decode(stamped)).text());
    }

    @Test
    void mediaKeepsItsContextAndGainsTheTimer() {
        Message image = Message.newBuilder().setImageMessage(ImageMessage.newBuilder().setCaption("c")
                .setContextInfo(ContextInfo.newBuilder().addMentionedJid("1@s.whatsapp.net"))).build();
        Message stamped = Expiration.stamp(image, 604_800, 0);
        assertEquals(604_800, stamped.getImageMessage().getContextInfo().getExpiration());
        assertFalse(stamped.getImageMessage().getContextInfo().hasEphemeralSettingTimestamp());
        assertEquals(1, stamped.getImageMessage().getContextInfo().getMentionedJidCount());
    }

    @Test
    void messagesWithoutAContextOffTimersAndStampedOnesStayAsBuilt() {
        Message reaction = MessageContentCodec.encode(new Reaction(new MessageRef("1@s.whatsapp.net", false, "ID", null),
                "👍", 1));
        assertSame(reaction, Expiration.stamp(reaction, 86_400, 0));
        Message text = MessageContentCodec.encode(new Text("x"));
        assertSame(text, Expiration.stamp(text, 0, 0));
        Message once = Expiration.stamp(text, 86_400, 0);
        assertSame(once, Expiration.stamp(once, 604_800, 0), "an expiration already set is kept");
        assertEquals(0, Expiration.of(text));
        assertEquals(0, Expiration.of(reaction));
    }

    @Test
    void theTimerIsReadInsideTheEphemeralWrapper() {
        Message inner = Expiration.stamp(Message.newBuilder().setConversation("w").build(), 7_776_000, 0);
        Message wrapped = Message.newBuilder().setEphemeralMessage(FutureProofMessage.newBuilder().setMessage(inner)).build();
        assertEquals(7_776_000, Expiration.of(wrapped));
        assertTrue(MessageContentCodec.decode(wrapped) instanceof io.wabridge.client.message.content.ExtendedText);
    }

    @Test
    void aTextBesideAnotherContentIsNotTakenForAPlainText() {
        // A conversation (no context) with an image beside it: the image's timer, not the text's shortcut.
        Message both = Message.newBuilder().setConversation("t").setImageMessage(ImageMessage.newBuilder()
                .setContextInfo(ContextInfo.newBuilder().setExpiration(86_400))).build();
        assertEquals(86_400, Expiration.of(both));
        // An extended text without a timer beside an image with one: the image's.
        Message texts = Message.newBuilder().setExtendedTextMessage(io.wabridge.proto.wa.ExtendedTextMessage
                .newBuilder().setText("x")).setImageMessage(ImageMessage.newBuilder()
                .setContextInfo(ContextInfo.newBuilder().setExpiration(604_800))).build();
        assertEquals(604_800, Expiration.of(texts));
        // An extended text alone, with and without a context.
        Message alone = Message.newBuilder().setExtendedTextMessage(io.wabridge.proto.wa.ExtendedTextMessage
                .newBuilder().setText("x").setContextInfo(ContextInfo.newBuilder().setExpiration(7_776_000))).build();
        assertEquals(7_776_000, Expiration.of(alone));
        assertEquals(0, Expiration.of(Message.newBuilder().setExtendedTextMessage(
                io.wabridge.proto.wa.ExtendedTextMessage.newBuilder().setText("x")).build()));
        assertEquals(0, Expiration.of(Message.getDefaultInstance()));
    }
}
