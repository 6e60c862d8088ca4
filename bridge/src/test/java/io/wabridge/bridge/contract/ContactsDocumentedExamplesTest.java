package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.session.ContactEvents;
import io.wabridge.client.chats.ChatBook;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.Contact;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README "Contacts, chats and LID mappings in the contract": each event example is byte for byte what the bridge
 * writes for the client event (or query answer) it shows, and each command example is accepted.
 */
class ContactsDocumentedExamplesTest {
    private static final DocumentedEvents DOCS = new DocumentedEvents("contacts");
    private static final Jid PN = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid LID = Jid.parse("90210123456789@lid");

    @Test
    void theLidMappingExampleIsWhatTheBridgeWrites() throws Exception {
        assertWritten("lid_mapping", new ClientEvent.LidMappingLearned(PN, LID, "message", null));
    }

    @Test
    void thePushNameExampleIsWhatTheBridgeWrites() throws Exception {
        assertWritten("push_name", new ClientEvent.PushNameChanged(PN, PN, LID, "Bob", "Bobby"));
    }

    @Test
    void theContactsUpdateExampleIsWhatTheBridgeWrites() throws Exception {
        assertWritten("contacts_update", new ClientEvent.ContactUpdated(PN, PN, LID, "Bob Smith", "Bob", "Bob"));
    }

    @Test
    void theQueryExamplesAreAcceptedAndTheirAnswersAreWhatTheBridgeWrites() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope contacts = decoder.decode(Records.json("acme", DOCS.example("get_contacts")));
        assertEquals(2, contacts.getGetContacts().getLimit());
        CommandEnvelope chats = decoder.decode(Records.json("acme", DOCS.example("get_chats")));
        assertEquals("15550001111@s.whatsapp.net", chats.getGetChats().getCursor());

        Jid hidden = Jid.parse("90210555555555@lid");
        var contactsAnswer = ContactEvents.contactsPage(List.of(
                new ChatBook.ContactEntry(new Contact(PN.toString(), null, null, "Bob"), PN, LID),
                new ChatBook.ContactEntry(new Contact(hidden.toString(), null, null, "Hidden"), null, hidden)), 2);
        DOCS.assertResult("get_contacts_result", contactsAnswer);

        var chatsAnswer = ContactEvents.chatsPage(List.of(
                new ChatThread(PN.toString(), null, 1_764_000_000L, 2, false, false, 0),
                new ChatThread(hidden.toString(), null, 1_763_996_400L, 0, false, true, 0)), 100);
        DOCS.assertResult("get_chats_result", chatsAnswer);
    }

    private static void assertWritten(String name, ClientEvent event) throws Exception {
        DOCS.assertWritten(name, written -> assertTrue(ContactEvents.map(event, written), name));
    }
}
