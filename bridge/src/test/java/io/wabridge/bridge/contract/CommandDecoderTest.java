package io.wabridge.bridge.contract;

import static io.wabridge.bridge.contract.Records.json;
import static io.wabridge.bridge.contract.Records.record;
import static io.wabridge.bridge.contract.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.Connect;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.PairingCodePairing;
import io.wabridge.proto.v1.SendMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Record-level decoding: formats, content types, session and command ids, unknown fields. */
class CommandDecoderTest {

    private final CommandDecoder decoder = new CommandDecoder();

    private static final CommandEnvelope HELLO = CommandEnvelope.newBuilder()
            .setCommandId("cmd-1")
            .setSessionId("acme")
            .setIssuedAt(Timestamp.newBuilder().setSeconds(1_764_000_000L))
            .setSendMessage(SendMessage.newBuilder()
                    .setTo("15550001111@s.whatsapp.net")
                    .setContent(MessageContent.newBuilder().setText("hello")))
            .build();

    private static final String HELLO_JSON = """
            {"commandId": "cmd-1", "sessionId": "acme", "issuedAt": "2025-11-24T16:00:00Z",
             "sendMessage": {"to": "15550001111@s.whatsapp.net", "content": {"text": "hello"}}}""";

    private InvalidCommandException rejected(ConsumerRecord<byte[], byte[]> record) {
        return assertThrows(InvalidCommandException.class, () -> decoder.decode(record));
    }

    private static void assertMessage(InvalidCommandException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "\"" + part + "\" not in: " + e.getMessage());
        }
    }

    @Test
    void protobufWithoutContentTypeIsTheDefault() throws Exception {
        assertEquals(HELLO, decoder.decode(record("acme", HELLO.toByteArray())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-protobuf", "application/protobuf", "Application/X-Protobuf",
            " application/protobuf ; messageType=wabridge.v1.CommandEnvelope", ""})
    void protobufContentTypesAreAccepted(String contentType) throws Exception {
        assertEquals(HELLO, decoder.decode(record("acme", HELLO.toByteArray(), "content-type", contentType)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON"})
    void jsonContentTypesSelectTheJsonMapping(String contentType) throws Exception {
        assertEquals(HELLO, decoder.decode(record("acme", utf8(HELLO_JSON), "content-type", contentType)));
    }

    @Test
    void contentTypeHeaderNameIsMatchedInAnyCase() throws Exception {
        assertEquals(HELLO, decoder.decode(record("acme", utf8(HELLO_JSON), "Content-Type", "application/json")));
    }

    @Test
    void jsonAcceptsProtoFieldNamesToo() throws Exception {
        String json = """
                {"command_id": "cmd-1", "session_id": "acme", "issued_at": "2025-11-24T16:00:00Z",
                 "send_message": {"to": "15550001111@s.whatsapp.net", "content": {"text": "hello"}}}""";
        assertEquals(HELLO, decoder.decode(json("acme", json)));
    }

    @Test
    void unknownContentTypeIsRejectedNamingTheSupportedOnes() {
        var e = rejected(record("acme", utf8("hello"), "content-type", "text/plain"));
        assertEquals(ErrorCode.UNSUPPORTED_CONTENT_TYPE, e.code());
        assertMessage(e, "\"text/plain\"", "application/x-protobuf", "application/json");
        assertEquals("acme", e.sessionId(), "the key still names the session to report to");
    }

    @Test
    void missingOrEmptyValueIsAnInvalidRecord() {
        assertEquals(ErrorCode.INVALID_RECORD, rejected(record("acme", null)).code());
        var e = rejected(record("acme", new byte[0]));
        assertEquals(ErrorCode.INVALID_RECORD, e.code());
        assertMessage(e, "no value");
    }

    @Test
    void undecodableBytesAreAnInvalidRecord() {
        var e = rejected(record("acme", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
        assertEquals(ErrorCode.INVALID_RECORD, e.code());
        assertMessage(e, "not a protobuf wabridge.v1.CommandEnvelope");
        assertEquals("acme", e.sessionId());
        assertEquals("wabridge.commands-3@42", e.commandId(), "record coordinates stand in for the command id");
    }

    @Test
    void jsonWithoutItsContentTypeGetsAHint() {
        var e = rejected(record("acme", utf8(HELLO_JSON)));
        assertEquals(ErrorCode.INVALID_RECORD, e.code());
        assertMessage(e, "looks like JSON", "content-type=application/json");
    }

    @Test
    void malformedJsonIsAnInvalidRecord() {
        var e = rejected(json("acme", "{\"sessionId\": \"acme\", \"connect\": "));
        assertEquals(ErrorCode.INVALID_RECORD, e.code());
        assertMessage(e, "not a JSON wabridge.v1.CommandEnvelope");
    }

    @Test
    void twoCommandsInOneJsonRecordAreAnInvalidRecord() {
        var e = rejected(json("acme", "{\"connect\": {}, \"logout\": {}}"));
        assertEquals(ErrorCode.INVALID_RECORD, e.code());
    }

    @Test
    void sessionIdMayBeLeftToTheKey() throws Exception {
        CommandEnvelope decoded = decoder.decode(json("acme", "{\"commandId\": \"c\", \"logout\": {}}"));
        assertEquals("acme", decoded.getSessionId());
        assertTrue(decoded.hasLogout());
    }

    @Test
    void neitherKeyNorSessionIdIsMissingSessionId() {
        var e = rejected(json(null, "{\"commandId\": \"c\", \"logout\": {}}"));
        assertEquals(ErrorCode.MISSING_SESSION_ID, e.code());
        assertNull(e.sessionId());
        assertEquals("c", e.commandId());
        assertEquals(ErrorCode.MISSING_SESSION_ID, rejected(json("", "{\"sessionId\": \"\", \"logout\": {}}")).code());
    }

    @Test
    void sessionIdWithoutKeyIsRejectedBecauseTheKeyRoutesTheRecord() {
        var e = rejected(json(null, "{\"sessionId\": \"acme\", \"logout\": {}}"));
        assertEquals(ErrorCode.SESSION_ID_MISMATCH, e.code());
        assertMessage(e, "no key", "\"acme\"");
        assertEquals("acme", e.sessionId());
    }

    @Test
    void keyAndSessionIdMustAgree() {
        var e = rejected(json("acme-2", "{\"sessionId\": \"acme\", \"commandId\": \"c9\", \"logout\": {}}"));
        assertEquals(ErrorCode.SESSION_ID_MISMATCH, e.code());
        assertMessage(e, "\"acme-2\"", "\"acme\"");
        assertEquals("c9", e.commandId());
        assertEquals("acme-2", e.sessionId(), "reported on the key the producer watches, not the body's session");
    }

    @Test
    void aRejectionIsReportedOnTheValidKeyElseTheValidBodySessionElseNone() {
        var badBody = rejected(json("acme", "{\"sessionId\": \"acme corp\", \"logout\": {}}"));
        assertEquals(ErrorCode.INVALID_SESSION_ID, badBody.code());
        assertEquals("acme", badBody.sessionId());

        var badKey = rejected(json("acme corp", "{\"sessionId\": \"acme\", \"logout\": {}}"));
        assertEquals(ErrorCode.SESSION_ID_MISMATCH, badKey.code());
        assertEquals("acme", badKey.sessionId());

        var unreadable = rejected(record("acme corp", new byte[] {(byte) 0xff}));
        assertEquals(ErrorCode.INVALID_RECORD, unreadable.code());
        assertNull(unreadable.sessionId());
    }

    @Test
    void theBridgesOwnKeysAreReserved() {
        var inKey = rejected(json(SessionIds.NO_SESSION, "{\"logout\": {}}"));
        assertEquals(ErrorCode.INVALID_SESSION_ID, inKey.code());
        assertMessage(inKey, "reserved");
        assertNull(inKey.sessionId());

        var inBody = rejected(json("acme", "{\"sessionId\": \"wabridge:x\", \"logout\": {}}"));
        assertEquals(ErrorCode.INVALID_SESSION_ID, inBody.code());
        assertMessage(inBody, "\"wabridge:\"", "reserved");
        assertEquals("acme", inBody.sessionId());

        assertEquals("wabridge-1", assertDecodes(json("wabridge-1", "{\"logout\": {}}")).getSessionId());
        assertEquals("wabridge", assertDecodes(json("wabridge", "{\"sessionId\": \"wabridge\", \"logout\": {}}"))
                .getSessionId());
    }

    @Test
    void malformedSessionIdsAreRejected() {
        var inBody = rejected(json("acme corp", "{\"sessionId\": \"acme corp\", \"logout\": {}}"));
        assertEquals(ErrorCode.INVALID_SESSION_ID, inBody.code());
        assertMessage(inBody, "index 4");
        assertNull(inBody.sessionId());

        var inKey = rejected(json("acme/corp", "{\"logout\": {}}"));
        assertEquals(ErrorCode.INVALID_SESSION_ID, inKey.code());
        assertMessage(inKey, "record key", "0x2f");

        var tooLong = rejected(json("a".repeat(129), "{\"logout\": {}}"));
        assertEquals(ErrorCode.INVALID_SESSION_ID, tooLong.code());
        assertMessage(tooLong, "129");

        var allowed = "Tenant_7.acct-01:eu@x+y";
        assertEquals(allowed, assertDecodes(json(allowed, "{\"logout\": {}}")).getSessionId());
    }

    @Test
    void missingCommandIdDefaultsToTheRecordCoordinates() throws Exception {
        CommandEnvelope decoded = decoder.decode(json("acme", "{\"logout\": {}}"));
        assertEquals("wabridge.commands-3@42", decoded.getCommandId());
        assertEquals("", decoder.decode(utf8key("acme"), utf8("{\"logout\": {}}"),
                record("acme", null, "content-type", "application/json").headers()).getCommandId(),
                "the three-part decode leaves command_id as written");
    }

    @Test
    void noCommandIsUnknownCommand() {
        var e = rejected(json("acme", "{\"commandId\": \"c\"}"));
        assertEquals(ErrorCode.UNKNOWN_COMMAND, e.code());
        assertMessage(e, "no command this bridge knows is set", "send_message");
    }

    @Test
    void aCommandFromANewerProducerIsUnknownCommandNamingItsFieldNumber() {
        byte[] value = HELLO.toBuilder().clearSendMessage()
                .setUnknownFields(unknown(999, "future command"))
                .build().toByteArray();
        var e = rejected(record("acme", value));
        assertEquals(ErrorCode.UNKNOWN_COMMAND, e.code());
        assertMessage(e, "[999]", "newer contract");
        assertEquals("cmd-1", e.commandId());
    }

    @Test
    void aJsonCommandFromANewerProducerIsUnknownCommandNamingIt() {
        var e = rejected(json("acme", "{\"commandId\": \"c\", \"sendSticker\": {\"id\": \"x\"}}"));
        assertEquals(ErrorCode.UNKNOWN_COMMAND, e.code());
        assertMessage(e, "sendSticker");
    }

    @Test
    void unknownBinaryFieldsSurviveDecodeAndReencode() throws Exception {
        CommandEnvelope withUnknown = HELLO.toBuilder()
                .setUnknownFields(unknown(1000, "envelope-level"))
                .setSendMessage(HELLO.getSendMessage().toBuilder()
                        .setUnknownFields(unknown(1009, "send_message-level"))
                        .setContent(HELLO.getSendMessage().getContent().toBuilder()
                                .setUnknownFields(unknown(1040, "content-level"))))
                .build();
        byte[] original = withUnknown.toByteArray();
        CommandEnvelope decoded = decoder.decode(record("acme", original));
        assertArrayEquals(original, decoded.toByteArray());
        assertTrue(decoded.getUnknownFields().hasField(1000));
    }

    @Test
    void unknownBinaryFieldsSurviveWhenArgumentsAreRewritten() throws Exception {
        CommandEnvelope bare = HELLO.toBuilder()
                .setSessionId("")
                .setUnknownFields(unknown(1000, "kept"))
                .setSendMessage(HELLO.getSendMessage().toBuilder().setTo("+15550001111")
                        .setUnknownFields(unknown(1009, "kept too")))
                .build();
        CommandEnvelope decoded = decoder.decode(record("acme", bare.toByteArray()));
        assertEquals("15550001111@s.whatsapp.net", decoded.getSendMessage().getTo());
        assertEquals("acme", decoded.getSessionId());
        assertTrue(decoded.getUnknownFields().hasField(1000));
        assertTrue(decoded.getSendMessage().getUnknownFields().hasField(1009));
    }

    @Test
    void unknownJsonFieldsAreAcceptedAndIgnored() throws Exception {
        String json = """
                {"commandId": "cmd-1", "sessionId": "acme", "issuedAt": "2025-11-24T16:00:00Z", "priority": "high",
                 "sendMessage": {"to": "15550001111@s.whatsapp.net", "content": {"text": "hello"}, "ttl": 30}}""";
        CommandEnvelope decoded = decoder.decode(json("acme", json));
        assertEquals(HELLO, decoded);
        assertTrue(decoded.getUnknownFields().asMap().isEmpty(), "JSON has nowhere to keep them");
    }

    @Test
    void anUnknownJsonEnumValueLeavesTheFieldUnsetAndSaysWhy() {
        var e = rejected(json("acme", "{\"sendPresence\": {\"presence\": \"AWAY\"}}"));
        assertEquals(ErrorCode.INVALID_COMMAND, e.code());
        assertMessage(e, "send_presence.presence is required", "AWAY");
    }

    @Test
    void pairingCodeConnectRoundTripsThroughJson() throws Exception {
        CommandEnvelope decoded = decoder.decode(json("acme",
                "{\"commandId\": \"pair-1\", \"connect\": {\"pairingCode\": {\"phone\": \"+15550001111\"}}}"));
        assertEquals(CommandEnvelope.newBuilder().setCommandId("pair-1").setSessionId("acme")
                .setConnect(Connect.newBuilder().setPairingCode(PairingCodePairing.newBuilder().setPhone("15550001111")))
                .build(), decoded);
    }

    private CommandEnvelope assertDecodes(ConsumerRecord<byte[], byte[]> record) {
        try {
            return decoder.decode(record);
        } catch (InvalidCommandException e) {
            throw new AssertionError(e.code() + ": " + e.getMessage());
        }
    }

    private static byte[] utf8key(String s) {
        return utf8(s);
    }

    static UnknownFieldSet unknown(int number, String value) {
        return UnknownFieldSet.newBuilder()
                .addField(number, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8(value)).build())
                .build();
    }
}
