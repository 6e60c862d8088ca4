package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.session.AppStateEvents;
import io.wabridge.bridge.session.ContactEvents;
import io.wabridge.client.appstate.AppStateChange;
import io.wabridge.client.appstate.AppStateUpdate;
import io.wabridge.client.appstate.ChatAction;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.store.ChatLabel;
import io.wabridge.client.store.ChatThread;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README "Labels in the contract": each command example is accepted as documented (and becomes the app-state action
 * WhatsApp's devices expect), each answer and event example is byte for byte what the bridge writes.
 */
class LabelsDocumentedExamplesTest {
    private static final DocumentedEvents DOCS = new DocumentedEvents("labels");

    @Test
    void theCommandExamplesAreAcceptedAndBecomeTheLabelActions() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope get = CommandValidator.validate(decoder.decode(Records.json("acme", DOCS.example("get_labels"))));
        assertEquals(2, get.getGetLabels().getLimit());

        CommandEnvelope edit = CommandValidator.validate(decoder.decode(Records.json("acme", DOCS.example("edit_label"))));
        ChatAction editAction = AppStateEvents.action(edit);
        assertEquals(List.of("label_edit", "3"), editAction.index());
        assertEquals("regular", editAction.collection().wireName());
        assertEquals("Follow up", editAction.value().getLabelEditAction().getName());
        assertEquals(7, editAction.value().getLabelEditAction().getColor());

        CommandEnvelope label = CommandValidator.validate(decoder.decode(Records.json("acme", DOCS.example("label_chat"))));
        ChatAction labelAction = AppStateEvents.action(label);
        assertEquals(List.of("label_jid", "3", "15550002222@s.whatsapp.net"), labelAction.index());
        assertTrue(labelAction.value().getLabelAssociationAction().getLabeled());
        assertEquals(3, labelAction.version());

        CommandEnvelope onMessage = CommandValidator.validate(label.toBuilder().setLabelChat(label.getLabelChat()
                .toBuilder().setMessageId("3EB0C431C26A1916E07A").setLabeled(false)).build());
        assertEquals(List.of("label_message", "3", "15550002222@s.whatsapp.net", "3EB0C431C26A1916E07A", "0", "0"),
                AppStateEvents.action(onMessage).index());
    }

    @Test
    void theAnswersAreWhatTheBridgeWrites() throws Exception {
        DOCS.assertResult("get_labels_result", ContactEvents.labelsPage(List.of(new ChatLabel("1", "New customer", 1),
                new ChatLabel("2", "Paid", 4)), 2));
        DOCS.assertResult("get_chats_result", ContactEvents.chatsPage(List.of(new ChatThread("15550002222@s.whatsapp.net",
                null, 1_764_000_000L, 0, true, false, 0, 0, 0, List.of("3", "1"))), 100));
        io.wabridge.client.jid.Jid alice = io.wabridge.client.jid.Jid.parse("15550002222@s.whatsapp.net");
        var starred = new ClientEvent.MessageReceived("3EB0AAAA000000000001", alice, alice.withDevice(0), alice, null,
                "Alice", java.time.Instant.parse("2025-11-24T15:58:00Z"), new io.wabridge.client.message.content.Text(
                "invoice attached"), io.wabridge.proto.wa.Message.newBuilder().setConversation("invoice attached").build(),
                false);
        DOCS.assertResult("get_messages_starred", io.wabridge.bridge.session.ArchiveQueries.keptPage(List.of(
                new io.wabridge.client.chats.ChatBook.Kept(starred, true))));
        DOCS.assertResult("get_messages_labeled", io.wabridge.bridge.session.ArchiveQueries.keptPage(List.of(
                new io.wabridge.client.chats.ChatBook.Kept(starred, false, List.of("1", "3")))));
    }

    @Test
    void theChatUpdateIsWhatTheBridgeWrites() throws Exception {
        ClientEvent.AppStateChanged labeled = new ClientEvent.AppStateChanged(new AppStateChange("regular", 4, false,
                false, null, new AppStateUpdate.LabelAssociation("3", "15550002222@s.whatsapp.net", null, true), null));
        DOCS.assertWritten("chat_update_label", written -> assertTrue(AppStateEvents.map(labeled, written)));
    }
}
