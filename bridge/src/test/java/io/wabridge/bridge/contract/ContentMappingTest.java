package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.wabridge.client.message.content.EphemeralSetting;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Text;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.MessageRef;
import io.wabridge.proto.v1.Quote;
import io.wabridge.proto.v1.SendMessage;
import org.junit.jupiter.api.Test;

/** Contract content to the client's and back: what goes out comes back as the same contract content. */
class ContentMappingTest {
    static final String TO = "15550003333@s.whatsapp.net";

    @Test
    void plainTextStaysPlainAndQuotesAndMentionsMakeAnExtendedText() throws Exception {
        assertEquals(new Text("hi"), OutgoingContent.of(send(content().setText("hi")).build(), TO, 1));
        SendMessage reply = send(content().setText("yes"))
                .setQuoted(Quote.newBuilder().setId("Q1").setSender("15550001111@s.whatsapp.net")
                        .setContent(content().setText("coffee?")))
                .addMentions("15550002222@s.whatsapp.net").build();
        ExtendedText out = assertInstanceOf(ExtendedText.class, OutgoingContent.of(reply, TO, 1));
        assertEquals("Q1", out.quoted().stanzaId());
        assertEquals(TO, out.quoted().remoteJid(), "no chat given: the quoted message is in this chat");
        assertEquals(new Text("coffee?"), out.quoted().content());

        MessageEvent.Builder back = MessageEvent.newBuilder();
        assertTrue(IncomingContent.fill(out, back));
        assertEquals("yes", back.getContent().getExtendedText().getText());
        assertEquals("Q1", back.getQuoted().getId());
        assertEquals("coffee?", back.getQuoted().getContent().getText());
        assertEquals("15550002222@s.whatsapp.net", back.getMentions(0));
    }

    @Test
    void aReactionTargetsTheRecipientsChatUnlessItNamesOne() throws Exception {
        SendMessage m = send(content().setReaction(io.wabridge.proto.v1.Reaction.newBuilder()
                .setTarget(MessageRef.newBuilder().setId("M1").setFromMe(true)).setEmoji("👍"))).build();
        Reaction r = assertInstanceOf(Reaction.class, OutgoingContent.of(m, TO, 1234));
        assertEquals(TO, r.target().remoteJid());
        assertTrue(r.target().fromMe());
        assertEquals(1234, r.senderTimestampMs());
        MessageEvent.Builder back = MessageEvent.newBuilder();
        assertTrue(IncomingContent.fill(r, back));
        assertEquals("M1", back.getContent().getReaction().getTarget().getId());
        assertEquals("👍", back.getContent().getReaction().getEmoji());
    }

    @Test
    void whatTheClientCannotExpressIsRefusedNotDropped() {
        SendMessage thumbnail = send(content().setExtendedText(io.wabridge.proto.v1.ExtendedText.newBuilder()
                .setText("see").setJpegThumbnail(ByteString.copyFrom(new byte[] {1})))).build();
        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                () -> OutgoingContent.of(thumbnail, TO, 1)).code());
        SendMessage mentionedRevoke = send(content().setRevoke(io.wabridge.proto.v1.Revoke.newBuilder()
                .setTarget(MessageRef.newBuilder().setId("M1")))).addMentions(TO).build();
        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                () -> OutgoingContent.of(mentionedRevoke, TO, 1)).code());
    }

    @Test
    void aKindTheContractDoesNotModelLeavesContentUnsetForTheRawBytes() {
        MessageContent setting = new EphemeralSetting(86_400, 0);
        MessageEvent.Builder event = MessageEvent.newBuilder();
        assertFalse(IncomingContent.fill(setting, event));
        assertFalse(event.hasContent());
    }

    private static io.wabridge.proto.v1.MessageContent.Builder content() {
        return io.wabridge.proto.v1.MessageContent.newBuilder();
    }

    private static SendMessage.Builder send(io.wabridge.proto.v1.MessageContent.Builder content) {
        return SendMessage.newBuilder().setTo(TO).setContent(content);
    }
}
