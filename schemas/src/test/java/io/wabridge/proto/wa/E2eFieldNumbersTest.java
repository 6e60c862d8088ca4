package io.wabridge.proto.wa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.proto.wa.signal.SenderKeyDistributionMessage;
import io.wabridge.proto.wa.signal.SenderKeyMessage;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the field numbers of the end-to-end message schema (whatsmeow waE2E / Baileys WAProto) by their
 * encoded tag bytes: a renumbered field would make WhatsApp peers read something else.
 */
class E2eFieldNumbersTest {

    private static final FutureProofMessage EMPTY_WRAPPER = FutureProofMessage.getDefaultInstance();

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static ByteString bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return ByteString.copyFrom(b);
    }

    @Test
    void messageTopLevelFields() {
        assertArrayEquals(hex("0a0161"), Message.newBuilder().setConversation("a").build().toByteArray());
        // Each submessage field set to an empty message: tag + length 0.
        assertArrayEquals(hex("1200"), Message.newBuilder()
                .setSenderKeyDistributionMessage(io.wabridge.proto.wa.SenderKeyDistributionMessage.getDefaultInstance())
                .build().toByteArray());
        assertArrayEquals(hex("2200"), Message.newBuilder().setContactMessage(ContactMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("2a00"), Message.newBuilder().setLocationMessage(LocationMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("3200"), Message.newBuilder().setExtendedTextMessage(ExtendedTextMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("6200"), Message.newBuilder().setProtocolMessage(ProtocolMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("fa0100"), Message.newBuilder().setDeviceSentMessage(DeviceSentMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("9a0200"), Message.newBuilder().setMessageContextInfo(MessageContextInfo.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("aa0200"), Message.newBuilder().setViewOnceMessage(EMPTY_WRAPPER).build().toByteArray());
        assertArrayEquals(hex("c20200"), Message.newBuilder().setEphemeralMessage(EMPTY_WRAPPER).build().toByteArray());
        assertArrayEquals(hex("f20200"), Message.newBuilder().setReactionMessage(ReactionMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("8a0300"), Message.newBuilder().setPollCreationMessage(PollCreationMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("ba0300"), Message.newBuilder().setViewOnceMessageV2(EMPTY_WRAPPER).build().toByteArray());
        assertArrayEquals(hex("d20300"), Message.newBuilder().setEditedMessage(EMPTY_WRAPPER).build().toByteArray());
        assertArrayEquals(hex("e20300"), Message.newBuilder().setPollCreationMessageV2(PollCreationMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("820400"), Message.newBuilder().setPollCreationMessageV3(PollCreationMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("1a00"), Message.newBuilder().setImageMessage(ImageMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("3a00"), Message.newBuilder().setDocumentMessage(DocumentMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("4200"), Message.newBuilder().setAudioMessage(AudioMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("4a00"), Message.newBuilder().setVideoMessage(VideoMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("d20100"), Message.newBuilder().setStickerMessage(StickerMessage.getDefaultInstance()).build().toByteArray());
        assertArrayEquals(hex("aa0300"), Message.newBuilder().setDocumentWithCaptionMessage(EMPTY_WRAPPER).build().toByteArray());
        assertArrayEquals(hex("920400"), Message.newBuilder().setPtvMessage(VideoMessage.getDefaultInstance()).build().toByteArray());
    }

    @Test
    void mediaMessageFieldsWhereTheKindsDiffer() {
        // key, direct path and the kind's own flags: the numbers differ per kind (whatsmeow proto/waE2E)
        assertArrayEquals(hex("4201" + "01" + "5a0170"), ImageMessage.newBuilder()
                .setMediaKey(ByteString.copyFrom(new byte[] {1})).setDirectPath("p").build().toByteArray());
        assertArrayEquals(hex("3201" + "01" + "4001" + "6a0170"), VideoMessage.newBuilder()
                .setMediaKey(ByteString.copyFrom(new byte[] {1})).setGifPlayback(true).setDirectPath("p").build()
                .toByteArray());
        assertArrayEquals(hex("3001" + "3a0101" + "4a0170" + "9a010101"), AudioMessage.newBuilder().setPtt(true)
                .setMediaKey(ByteString.copyFrom(new byte[] {1})).setDirectPath("p")
                .setWaveform(ByteString.copyFrom(new byte[] {1})).build().toByteArray());
        assertArrayEquals(hex("3a0101" + "42016e" + "520170" + "a2010163"), DocumentMessage.newBuilder()
                .setMediaKey(ByteString.copyFrom(new byte[] {1})).setFileName("n").setDirectPath("p").setCaption("c")
                .build().toByteArray());
        assertArrayEquals(hex("220101" + "420170" + "6801"), StickerMessage.newBuilder()
                .setMediaKey(ByteString.copyFrom(new byte[] {1})).setDirectPath("p").setIsAnimated(true).build()
                .toByteArray());
        assertArrayEquals(hex("0a0169"), ServerErrorReceipt.newBuilder().setStanzaId("i").build().toByteArray());
        assertArrayEquals(hex("0a0169" + "120170" + "1801"), MediaRetryNotification.newBuilder().setStanzaId("i")
                .setDirectPath("p").setResult(MediaRetryNotification.ResultType.SUCCESS).build().toByteArray());
    }

    @Test
    void messageKeyAndWrappers() {
        var key = MessageKey.newBuilder().setRemoteJid("r").setFromMe(true).setId("i").setParticipant("p").build();
        assertArrayEquals(hex("0a0172" + "1001" + "1a0169" + "220170"), key.toByteArray());
        var wrapper = FutureProofMessage.newBuilder().setMessage(Message.newBuilder().setConversation("a")).build();
        assertArrayEquals(hex("0a030a0161"), wrapper.toByteArray());
        var dsm = DeviceSentMessage.newBuilder().setDestinationJid("d")
                .setMessage(Message.newBuilder().setConversation("a")).setPhash("h").build();
        assertArrayEquals(hex("0a0164" + "12030a0161" + "1a0168"), dsm.toByteArray());
        var skdm = io.wabridge.proto.wa.SenderKeyDistributionMessage.newBuilder()
                .setGroupId("g").setAxolotlSenderKeyDistributionMessage(bytes(1)).build();
        assertArrayEquals(hex("0a0167" + "120101"), skdm.toByteArray());
    }

    @Test
    void contextInfoFields() {
        var ctx = ContextInfo.newBuilder()
                .setStanzaId("s").setParticipant("p")
                .setQuotedMessage(Message.newBuilder().setConversation("q"))
                .setRemoteJid("r").addMentionedJid("m")
                .setForwardingScore(2).setIsForwarded(true)
                .setExpiration(7).setEphemeralSettingTimestamp(9)
                .build();
        assertArrayEquals(hex("0a0173" + "120170" + "1a030a0171" + "220172" + "7a016d"
                + "a80102" + "b00101" + "c80107" + "d00109"), ctx.toByteArray());
    }

    @Test
    void extendedTextFields() {
        var ext = ExtendedTextMessage.newBuilder()
                .setText("t").setMatchedText("m").setCanonicalUrl("c").setDescription("d").setTitle("i")
                .setPreviewType(ExtendedTextMessage.PreviewType.IMAGE)
                .setJpegThumbnail(bytes(1))
                .setContextInfo(ContextInfo.newBuilder().setStanzaId("s"))
                .build();
        assertArrayEquals(hex("0a0174" + "12016d" + "220163" + "2a0164" + "320169" + "5005"
                + "82010101" + "8a01030a0173"), ext.toByteArray());
    }

    @Test
    void locationAndContactFields() {
        var loc = LocationMessage.newBuilder()
                .setDegreesLatitude(1.0).setDegreesLongitude(-1.0).setName("n").setAddress("a").setUrl("u")
                .setIsLive(true).setAccuracyInMeters(3).setComment("c")
                .build();
        // doubles are fixed64 (wire type 1): 1.0 = 000000000000f03f, -1.0 = 000000000000f0bf
        assertArrayEquals(hex("09000000000000f03f" + "11000000000000f0bf" + "1a016e" + "220161" + "2a0175"
                + "3001" + "3803" + "5a0163"), loc.toByteArray());
        var contact = ContactMessage.newBuilder().setDisplayName("n").setVcard("v")
                .setContextInfo(ContextInfo.getDefaultInstance()).build();
        assertArrayEquals(hex("0a016e" + "820101" + "76" + "8a0100"), contact.toByteArray());
    }

    @Test
    void reactionProtocolAndPollFields() {
        var reaction = ReactionMessage.newBuilder()
                .setKey(MessageKey.newBuilder().setId("i")).setText("x").setGroupingKey("g").setSenderTimestampMs(5)
                .build();
        assertArrayEquals(hex("0a031a0169" + "120178" + "1a0167" + "2005"), reaction.toByteArray());

        var protocol = ProtocolMessage.newBuilder()
                .setKey(MessageKey.newBuilder().setId("i"))
                .setType(ProtocolMessage.Type.MESSAGE_EDIT)
                .setEphemeralExpiration(6).setEphemeralSettingTimestamp(7)
                .setEditedMessage(Message.newBuilder().setConversation("a"))
                .setTimestampMs(8)
                .build();
        assertArrayEquals(hex("0a031a0169" + "100e" + "2006" + "2807" + "72030a0161" + "7808"), protocol.toByteArray());
        assertEquals(0, ProtocolMessage.Type.REVOKE.getNumber());
        assertEquals(3, ProtocolMessage.Type.EPHEMERAL_SETTING.getNumber());
        assertEquals(14, ProtocolMessage.Type.MESSAGE_EDIT.getNumber());

        var poll = PollCreationMessage.newBuilder()
                .setEncKey(bytes(1)).setName("n")
                .addOptions(PollCreationMessage.Option.newBuilder().setOptionName("a").setOptionHash("h"))
                .setSelectableOptionsCount(1)
                .setContextInfo(ContextInfo.getDefaultInstance())
                .build();
        assertArrayEquals(hex("0a0101" + "12016e" + "1a060a0161120168" + "2001" + "2a00"), poll.toByteArray());
    }

    @Test
    void messageContextInfoAndDeviceListMetadata() {
        var meta = DeviceListMetadata.newBuilder()
                .setSenderKeyHash(bytes(1)).setSenderTimestamp(2).addSenderKeyIndexes(3).addSenderKeyIndexes(4)
                .setSenderAccountType(ADVEncryptionType.HOSTED).setReceiverAccountType(ADVEncryptionType.HOSTED)
                .setRecipientKeyHash(bytes(5)).setRecipientTimestamp(6).addRecipientKeyIndexes(7)
                .build();
        assertArrayEquals(hex("0a0101" + "1002" + "1a020304" + "2001" + "2801" + "420105" + "4806" + "520107"),
                meta.toByteArray());
        var info = MessageContextInfo.newBuilder()
                .setDeviceListMetadata(DeviceListMetadata.getDefaultInstance())
                .setDeviceListMetadataVersion(2)
                .setMessageSecret(bytes(9))
                .setPaddingBytes(bytes(8))
                .setMessageAddOnDurationInSecs(3)
                .build();
        assertArrayEquals(hex("0a00" + "1002" + "1a0109" + "220108" + "2803"), info.toByteArray());
    }

    @Test
    void oldLayoutSenderKeyMessages() {
        var message = SenderKeyMessage.newBuilder().setId(1).setIteration(2).setCiphertext(bytes(3)).build();
        assertArrayEquals(hex("0801" + "1002" + "1a0103"), message.toByteArray());
        var distribution = SenderKeyDistributionMessage.newBuilder()
                .setId(1).setIteration(2).setChainKey(bytes(3)).setSigningKey(bytes(4)).build();
        assertArrayEquals(hex("0801" + "1002" + "1a0103" + "220104"), distribution.toByteArray());
    }

    @Test
    void unknownFieldsSurviveParseAndSerialize() throws InvalidProtocolBufferException {
        // conversation "a", then field 3 (imageMessage, not in our subset) and field 200 (unknown to everyone).
        byte[] wire = hex("0a0161" + "1a020801" + "c20c0101");
        Message parsed = Message.parseFrom(wire);
        assertEquals("a", parsed.getConversation());
        assertFalse(parsed.getUnknownFields().asMap().isEmpty());
        assertArrayEquals(wire, parsed.toByteArray());

        // An unknown enum value of a closed proto2 enum is kept too (protocol message type 99).
        byte[] protocol = hex("1063");
        assertArrayEquals(protocol, ProtocolMessage.parseFrom(protocol).toByteArray());
    }
}
