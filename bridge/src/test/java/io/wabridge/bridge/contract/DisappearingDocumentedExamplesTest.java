package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.disappearing.DisappearingContract;
import io.wabridge.bridge.session.InboundEvents;
import io.wabridge.client.disappearing.Expiration;
import io.wabridge.client.disappearing.TimerChange;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.wa.Message;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * README "Disappearing messages in the contract" (each example after a {@code <!-- disappearing-example:NAME -->}
 * marker): the commands are accepted and made canonical, a timer WhatsApp does not offer is refused with
 * INVALID_DISAPPEARING_DURATION, the result and events are byte for byte what the bridge writes.
 */
class DisappearingDocumentedExamplesTest {
    private static final DocumentedEvents DOCS = new DocumentedEvents("disappearing");
    private static final Jid ALICE = Jid.pn("15550002222");
    private static final Instant AT = Instant.parse("2025-11-24T16:00:00Z");

    @Test
    void theCommandsAreAcceptedAndMadeCanonical() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope byDefault = decoder.decode(Records.json("acme", DOCS.example("set_default_disappearing")));
        assertEquals(86_400, byDefault.getSetDefaultDisappearing().getSeconds());
        CommandEnvelope chat = decoder.decode(Records.json("acme", DOCS.example("set_chat_disappearing")));
        assertEquals("15550002222@s.whatsapp.net", chat.getSetChatDisappearing().getChat());
        assertEquals(604_800, chat.getSetChatDisappearing().getSeconds());
        InvalidCommandException odd = assertThrows(InvalidCommandException.class, () -> decoder.decode(Records.json(
                "acme", "{\"commandId\":\"d-9\",\"setChatDisappearing\":{\"chat\":\"+15550002222\",\"seconds\":3600}}")));
        assertEquals(ErrorCode.INVALID_DISAPPEARING_DURATION, odd.code());
        InvalidCommandException broadcast = assertThrows(InvalidCommandException.class, () -> decoder.decode(
                Records.json("acme", "{\"commandId\":\"d-8\",\"setChatDisappearing\":{\"chat\":\"status@broadcast\","
                        + "\"seconds\":86400}}")));
        assertEquals(ErrorCode.INVALID_JID, broadcast.code());
    }

    @Test
    void theResultAndEventsAreWhatTheBridgeWrites() throws Exception {
        DOCS.assertWritten("set_chat_disappearing_result", written -> written.setCommandResult(CommandResult.newBuilder()
                .setOk(CommandResult.Ok.newBuilder().setDisappearing(DisappearingContract.update(
                        new TimerChange(TimerChange.Scope.CHAT, ALICE, 604_800, AT, null, false))))));
        DOCS.assertWritten("disappearing_update_contact", written -> assertTrue(InboundEvents.map(new ClientEvent.Disappearing(
                new TimerChange(TimerChange.Scope.CHAT, ALICE, 86_400, AT, ALICE, true)), written)));
        Message carried = Expiration.stamp(MessageContentCodec.encode(new io.wabridge.client.message.content.Text(
                "see you tomorrow")), 604_800, AT.getEpochSecond());
        DOCS.assertWritten("message_with_expiration", written -> assertTrue(InboundEvents.map(
                new ClientEvent.MessageReceived("3EB0AAAA000000000001", ALICE, ALICE.withDevice(0), ALICE, null, "Alice",
                        AT, MessageContentCodec.decode(carried), carried, false), written)));
    }
}
