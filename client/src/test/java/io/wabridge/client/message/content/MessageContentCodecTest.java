package io.wabridge.client.message.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.proto.wa.ExtendedTextMessage;
import io.wabridge.proto.wa.FutureProofMessage;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.MessageContextInfo;
import io.wabridge.proto.wa.MessageKey;
import io.wabridge.proto.wa.PollCreationMessage;
import io.wabridge.proto.wa.ProtocolMessage;
import io.wabridge.proto.wa.SenderKeyDistributionMessage;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageContentCodecTest {

    private static final MessageRef TARGET = new MessageRef("15550002222@s.whatsapp.net", true, "3EB0A4AAB9F75821BBB543", null);
    private static final MessageRef GROUP_TARGET = new MessageRef("120363000000000000@g.us", false, "ABCDEF", "15550003333@s.whatsapp.net");

    /** Content -> protobuf -> bytes -> protobuf -> content. */
    private static MessageContent roundTrip(MessageContent content) throws InvalidProtocolBufferException {
        byte[] wire = MessageContentCodec.encode(content).toByteArray();
        return MessageContentCodec.decode(Message.parseFrom(wire));
    }

    private static List<MessageContent> everyKind() {
        ExtendedText rich = new ExtendedText("hi @15550003333 see https://example.org",
                List.of("15550003333@s.whatsapp.net"),
                new QuotedMessage("3EB0000000000000000001", "15550002222@s.whatsapp.net", null, new Text("original")),
                new LinkPreview("https://example.org", "https://example.org/", "Example", "An example page"),
                86_400);
        return List.of(
                new Text("hello"),
                new Text(""),
                rich,
                new ExtendedText("just text", List.of(), null, null, 0),
                ExtendedText.reply("reply in group", new QuotedMessage("ABCDEF", "15550003333@s.whatsapp.net",
                        "120363000000000000@g.us", null)),
                new Reaction(TARGET, "👍", 1_700_000_000_123L),
                new Reaction(GROUP_TARGET, "", 1_700_000_000_456L),
                new Edit(TARGET, new Text("fixed typo"), 1_700_000_000_789L),
                new Edit(TARGET, new ExtendedText("edited with mention", List.of("1@s.whatsapp.net"), null, null, 0), 0),
                new Revoke(TARGET),
                new Revoke(GROUP_TARGET),
                new Location(52.520008, 13.404954, "Berlin", "Pariser Platz", "https://maps.example/b", "meet here"),
                new Location(-33.8688, 151.2093, null, null, null, null),
                new ContactCard("Alice", "BEGIN:VCARD\nVERSION:3.0\nFN:Alice\nTEL;type=CELL:+15550001111\nEND:VCARD"),
                Poll.create("Lunch?", List.of("Pizza", "Sushi", "Salad"), 1),
                Poll.create("Which days?", List.of("Mon", "Tue", "Wed"), 0),
                new EphemeralSetting(604_800, 1_700_000_000L),
                new EphemeralSetting(0, 0));
    }

    @Test
    void everyKindRoundTrips() throws InvalidProtocolBufferException {
        for (MessageContent content : everyKind()) {
            assertEquals(content, roundTrip(content), content.toString());
        }
    }

    @Test
    void wireShapesFollowWhatsAppClients() {
        assertEquals("hello", MessageContentCodec.encode(new Text("hello")).getConversation());

        Message edit = MessageContentCodec.encode(new Edit(TARGET, new Text("new"), 5));
        ProtocolMessage inner = edit.getEditedMessage().getMessage().getProtocolMessage();
        assertEquals(ProtocolMessage.Type.MESSAGE_EDIT, inner.getType());
        assertEquals("new", inner.getEditedMessage().getConversation());
        assertEquals(TARGET.id(), inner.getKey().getId());
        assertEquals(5, inner.getTimestampMs());

        Message single = MessageContentCodec.encode(Poll.create("q", List.of("a", "b"), 1));
        assertTrue(single.hasPollCreationMessageV3());
        assertEquals(32, single.getMessageContextInfo().getMessageSecret().size());
        assertTrue(MessageContentCodec.encode(Poll.create("q", List.of("a", "b"), 2)).hasPollCreationMessage());

        Message revoke = MessageContentCodec.encode(new Revoke(TARGET));
        assertTrue(revoke.getProtocolMessage().hasType(), "REVOKE (0) is written explicitly");
        assertEquals(ProtocolMessage.Type.REVOKE, revoke.getProtocolMessage().getType());

        Message reaction = MessageContentCodec.encode(new Reaction(GROUP_TARGET, "❤", 9));
        assertEquals(GROUP_TARGET.participant(), reaction.getReactionMessage().getKey().getParticipant());
        assertFalse(MessageContentCodec.encode(new Reaction(TARGET, "❤", 9)).getReactionMessage().getKey().hasParticipant());
    }

    @Test
    void otherClientsShapesDecodeToo() {
        // Baileys sends edits as a bare protocol message.
        Message bareEdit = Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder()
                .setKey(MessageKey.newBuilder().setRemoteJid(TARGET.remoteJid()).setFromMe(true).setId(TARGET.id()))
                .setType(ProtocolMessage.Type.MESSAGE_EDIT)
                .setEditedMessage(Message.newBuilder().setConversation("baileys edit"))).build();
        assertEquals(new Edit(TARGET, new Text("baileys edit"), 0), MessageContentCodec.decode(bareEdit));

        // Baileys wraps the disappearing timer setting in ephemeralMessage.
        Message wrappedSetting = Message.newBuilder().setEphemeralMessage(FutureProofMessage.newBuilder()
                .setMessage(Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder()
                        .setType(ProtocolMessage.Type.EPHEMERAL_SETTING).setEphemeralExpiration(86_400)))).build();
        assertEquals(new EphemeralSetting(86_400, 0), MessageContentCodec.decode(wrappedSetting));

        // Poll v2 (announcement groups), secret from the context info.
        byte[] secret = new byte[32];
        secret[0] = 1;
        Message v2 = Message.newBuilder()
                .setPollCreationMessageV2(PollCreationMessage.newBuilder().setName("q").setSelectableOptionsCount(1)
                        .addOptions(PollCreationMessage.Option.newBuilder().setOptionName("a"))
                        .addOptions(PollCreationMessage.Option.newBuilder().setOptionName("b")))
                .setMessageContextInfo(MessageContextInfo.newBuilder().setMessageSecret(ByteString.copyFrom(secret)))
                .build();
        assertEquals(new Poll("q", List.of("a", "b"), 1, secret), MessageContentCodec.decode(v2));

        // A sender key distribution riding along with text is envelope data: the content is the text.
        Message withSkdm = Message.newBuilder().setConversation("group hello")
                .setSenderKeyDistributionMessage(SenderKeyDistributionMessage.newBuilder().setGroupId("g@g.us")).build();
        assertEquals(new Text("group hello"), MessageContentCodec.decode(withSkdm));
    }

    @Test
    void unknownKindsArePreservedWhole() throws InvalidProtocolBufferException {
        // imageMessage (field 3) is not in our schema: it survives as unknown field bytes.
        byte[] image = HexFormat.of().parseHex("1a09" + "0a056874747073" + "1801");
        Message parsed = Message.parseFrom(image);
        MessageContent content = MessageContentCodec.decode(parsed);
        Unknown unknown = assertInstanceOf(Unknown.class, content);
        assertArrayEquals(image, MessageContentCodec.encode(unknown).toByteArray());

        // Text next to an unmodeled kind: not silently reduced to the text.
        byte[] textAndImage = HexFormat.of().parseHex("0a0161" + "1a020801");
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(Message.parseFrom(textAndImage)));

        // Two modeled kinds at once, a protocol message type we do not model, a missing type, an unknown type.
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(Message.newBuilder().setConversation("a")
                .setExtendedTextMessage(ExtendedTextMessage.newBuilder().setText("b")).build()));
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(Message.newBuilder().setProtocolMessage(
                ProtocolMessage.newBuilder().setType(ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION)).build()));
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(Message.newBuilder().setProtocolMessage(
                ProtocolMessage.newBuilder().setKey(MessageKey.newBuilder().setId("x"))).build()));
        Message unknownType = Message.parseFrom(HexFormat.of().parseHex("6202" + "1063"));
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(unknownType));
        assertArrayEquals(HexFormat.of().parseHex("62021063"), MessageContentCodec.encode(MessageContentCodec.decode(unknownType)).toByteArray());

        // An empty message and a view-once wrapper.
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(Message.getDefaultInstance()));
        Message viewOnce = Message.newBuilder().setViewOnceMessage(FutureProofMessage.newBuilder()
                .setMessage(Message.newBuilder().setConversation("secret"))).build();
        assertSame(viewOnce, ((Unknown) MessageContentCodec.decode(viewOnce)).message());
    }

    @Test
    void aQuotedUnknownKindIsKeptInsideTheReply() throws InvalidProtocolBufferException {
        Message image = Message.parseFrom(HexFormat.of().parseHex("1a020801"));
        ExtendedText reply = ExtendedText.reply("nice photo", new QuotedMessage("ID1", "1@s.whatsapp.net", null, new Unknown(image)));
        ExtendedText decoded = (ExtendedText) roundTrip(reply);
        assertArrayEquals(image.toByteArray(), ((Unknown) decoded.quoted().content()).message().toByteArray());
    }

    @Test
    void ownDeviceCopiesAreWrappedAndUnwrapped() {
        byte[] secret = new byte[32];
        Message poll = MessageContentCodec.encode(new Poll("q", List.of("a", "b"), 0, secret));
        Message copy = MessageContentCodec.wrapForOwnDevices(poll, "15550002222@s.whatsapp.net");
        assertEquals("15550002222@s.whatsapp.net", copy.getDeviceSentMessage().getDestinationJid());
        assertEquals(poll, copy.getDeviceSentMessage().getMessage());
        assertEquals(poll.getMessageContextInfo(), copy.getMessageContextInfo(), "context info also outside");

        ReceivedContent received = MessageContentCodec.decodeReceived(copy);
        assertTrue(received.sentByOwnDevice());
        assertEquals("15550002222@s.whatsapp.net", received.deviceSentDestination());
        assertEquals(new Poll("q", List.of("a", "b"), 0, secret), received.content());

        Message text = MessageContentCodec.encode(new Text("hi"));
        assertFalse(MessageContentCodec.wrapForOwnDevices(text, "x@s.whatsapp.net").hasMessageContextInfo());
        ReceivedContent fromPeer = MessageContentCodec.decodeReceived(text);
        assertNull(fromPeer.deviceSentDestination());
        assertEquals(new Text("hi"), fromPeer.content());
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(copy), "decode alone does not unwrap copies");
    }
}
