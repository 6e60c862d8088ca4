package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.session.ArchiveQueries;
import io.wabridge.bridge.session.AppStateEvents;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.wa.Message;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README "Message archive and app-state recovery in the contract": each command example is accepted as documented,
 * each event example is byte for byte what the bridge writes.
 */
class ArchiveDocumentedExamplesTest {
    private static final DocumentedEvents DOCS = new DocumentedEvents("archive");
    private static final Jid ALICE = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid ALICE_LID = Jid.parse("90210123456789@lid");
    private static final Jid ME = Jid.parse("15550009999@s.whatsapp.net");

    @Test
    void theCommandExamplesAreAccepted() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope first = decoder.decode(Records.json("acme", DOCS.example("get_messages")));
        assertEquals("15550002222@s.whatsapp.net", first.getGetMessages().getChat());
        assertEquals(2, first.getGetMessages().getCount());
        assertTrue(!first.getGetMessages().hasBefore());
        CommandEnvelope next = decoder.decode(Records.json("acme", DOCS.example("get_messages_before")));
        assertEquals("3EB0AAAA000000000001", next.getGetMessages().getBefore().getId());
        CommandEnvelope history = decoder.decode(Records.json("acme", DOCS.example("request_history_from_archive")));
        assertTrue(history.getRequestHistory().getFromArchive());
        CommandEnvelope resync = decoder.decode(Records.json("acme", DOCS.example("resync_app_state")));
        assertEquals(List.of("regular_low"), resync.getResyncAppState().getCollectionsList());
    }

    @Test
    void theGetMessagesAnswerIsWhatTheBridgeWrites() throws Exception {
        var mine = new ClientEvent.MessageReceived("3EB0AAAA000000000002", ALICE, ME.withDevice(0), ME, null, null,
                Instant.parse("2025-11-24T15:59:00Z"), new Text("ok!"), Message.newBuilder().setConversation("ok!").build(),
                true);
        var hers = new ClientEvent.MessageReceived("3EB0AAAA000000000001", ALICE, ALICE.withDevice(0), ALICE, ALICE_LID,
                "Alice", Instant.parse("2025-11-24T15:58:00Z"), new Text("see you tomorrow"),
                Message.newBuilder().setConversation("see you tomorrow").build(), false);
        DOCS.assertResult("get_messages_result", ArchiveQueries.page(List.of(mine, hers)));
    }

    @Test
    void theFatalAppStateErrorIsWhatTheBridgeWrites() throws Exception {
        DOCS.assertWritten("app_state_error_fatal", written -> assertTrue(AppStateEvents.map(
                new ClientEvent.AppStateSyncFailed("regular_low", 12, "MAC_MISMATCH",
                        "regular_low v12: snapshot MAC does not verify", false, true), written)));
    }

    @Test
    void theStoreAppStateErrorIsWhatTheBridgeWrites() throws Exception {
        DOCS.assertWritten("app_state_error_store", written -> assertTrue(AppStateEvents.map(
                new ClientEvent.AppStateSyncFailed("regular_low", 13, "STORE",
                        "regular_low v13: what the patch changes was not stored (io.wabridge.client.store.StoreException: timeout):"
                                + " the collection stays at its previous version; the next sync applies it again"
                                + " (attempt 3, syncing again in 2 min)", true, false, 3, java.time.Duration.ofMinutes(2)),
                written)));
    }
}
