package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.bridge.session.InboundEvents;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.status.StatusException;
import io.wabridge.client.status.StatusPost;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.wa.ExtendedTextMessage;
import io.wabridge.proto.wa.Message;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's status examples ("Status updates in the contract", each after a {@code <!-- status-example:NAME -->}
 * marker): the commands are accepted (audiences made canonical), bad ones refused with the status error codes, and
 * the event and the error result are byte for byte what the bridge writes.
 */
class StatusDocumentedExamplesTest {
    private static final DocumentedEvents DOCS = new DocumentedEvents("status");

    @Test
    void theCommandExamplesAreAcceptedAndBadOnesRefused() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope text = decoder.decode(Records.json("acme", DOCS.example("sendStatus")));
        assertEquals(List.of("15550002222@s.whatsapp.net", "15550003333@s.whatsapp.net"),
                text.getSendStatus().getAudienceList());
        assertEquals(0xFF1E6E4F, text.getSendStatus().getStyle().getBackgroundArgb());
        CommandEnvelope image = decoder.decode(Records.json("acme", DOCS.example("sendImageStatus")));
        assertTrue(image.getSendStatus().getContent().hasMedia());
        CommandEnvelope seen = decoder.decode(Records.json("acme", DOCS.example("markStatusSeen")));
        assertEquals("15550002222@s.whatsapp.net", seen.getMarkStatusSeen().getAuthor());
        assertEquals(ErrorCode.STATUS_EMPTY_AUDIENCE, refused(decoder, "{\"sendStatus\":{\"content\":{\"text\":\"hi\"}}}"));
        assertEquals(ErrorCode.STATUS_INVALID_AUDIENCE, refused(decoder,
                "{\"sendStatus\":{\"audience\":[\"120363012345678901@g.us\"],\"content\":{\"text\":\"hi\"}}}"));
        assertEquals(ErrorCode.STATUS_UNSUPPORTED_CONTENT, refused(decoder, "{\"sendStatus\":{\"audience\":"
                + "[\"15550002222\"],\"content\":{\"location\":{\"latitude\":1,\"longitude\":2}}}}"));
    }

    @Test
    void theEventAndTheErrorAreWhatTheBridgeWrites() throws Exception {
        Message message = Message.newBuilder().setExtendedTextMessage(ExtendedTextMessage.newBuilder()
                .setText("On holiday until Monday").setTextArgb(0xFFFFFFFF).setBackgroundArgb(0xFF1E6E4F).setFont(3))
                .build();
        StatusPost post = StatusPost.received("3EB0C0FFEE0000000001", Jid.parse("90210123456789:0@lid"),
                Jid.pn("15550002222"), Jid.parse("90210123456789@lid"), "Bob", Instant.parse("2025-11-24T16:00:00Z"),
                false, MessageContentCodec.decodeReceived(message).content(), message);
        EventEnvelope.Builder event = DOCS.head(null);
        assertTrue(InboundEvents.map(new ClientEvent.StatusReceived(post), event));
        DOCS.assertWritten("status", event);

        EventEnvelope.Builder error = DOCS.head("status-1");
        error.setCommandResult(CommandResults.failure(new StatusException(StatusException.Reason.EMPTY_AUDIENCE,
                "a status needs an audience")));
        DOCS.assertWritten("emptyAudienceResult", error);
    }

    private static ErrorCode refused(CommandDecoder decoder, String json) {
        return assertThrows(InvalidCommandException.class, () -> decoder.decode(Records.json("acme", json)), json)
                .code();
    }
}
