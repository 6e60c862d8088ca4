package io.wabridge.bridge.session;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.chats.ChatBook;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.Contact;
import io.wabridge.proto.v1.ChatInfo;
import io.wabridge.proto.v1.ChatsPage;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ContactInfo;
import io.wabridge.proto.v1.ContactsPage;
import io.wabridge.proto.v1.ContactsUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.LidMappingEvent;
import io.wabridge.proto.v1.PushNameEvent;
import java.time.Instant;
import java.util.List;

/**
 * The contract side of the session's contacts, chats and LID mappings (contacts.proto): the lid_mapping,
 * contacts_update and push_name events, and the get_contacts / get_chats answers.
 */
public final class ContactEvents {

    /** Page size when a query names none. */
    public static final int DEFAULT_LIMIT = 100;

    private ContactEvents() {
    }

    /** Sets the event on {@code envelope} and returns true, or returns false for any other client event. */
    public static boolean map(ClientEvent event, EventEnvelope.Builder envelope) {
        switch (event) {
            case ClientEvent.LidMappingLearned l -> envelope.setLidMapping(LidMappingEvent.newBuilder()
                    .setPn(l.pn().toString())
                    .setLid(l.lid().toString())
                    .setSource(l.source())
                    .setPreviousLid(l.previousLid() == null ? "" : l.previousLid().toString()));
            case ClientEvent.PushNameChanged p -> envelope.setPushName(PushNameEvent.newBuilder()
                    .setJid(p.jid().toString())
                    .setPn(text(p.pn()))
                    .setLid(text(p.lid()))
                    .setPushName(p.pushName())
                    .setPrevious(p.previous() == null ? "" : p.previous()));
            case ClientEvent.ContactUpdated c -> envelope.setContactsUpdate(ContactsUpdate.newBuilder()
                    .addContacts(ContactInfo.newBuilder()
                            .setJid(c.jid().toString())
                            .setPn(text(c.pn()))
                            .setLid(text(c.lid()))
                            .setFullName(c.fullName() == null ? "" : c.fullName())
                            .setFirstName(c.firstName() == null ? "" : c.firstName())
                            .setPushName(c.pushName() == null ? "" : c.pushName())));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The ok result of get_contacts: the page, and the cursor of the next one when the page is full. */
    public static CommandResult contactsPage(List<ChatBook.ContactEntry> entries, int limit) {
        ContactsPage.Builder page = ContactsPage.newBuilder();
        for (ChatBook.ContactEntry e : entries) {
            Contact c = e.contact();
            page.addContacts(ContactInfo.newBuilder()
                    .setJid(c.jid())
                    .setPn(text(e.pn()))
                    .setLid(text(e.lid()))
                    .setFullName(c.fullName() == null ? "" : c.fullName())
                    .setFirstName(c.firstName() == null ? "" : c.firstName())
                    .setPushName(c.pushName() == null ? "" : c.pushName()));
        }
        if (entries.size() == limit) {
            page.setNextCursor(entries.getLast().contact().jid());
        }
        return CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder().setContacts(page)).build();
    }

    /** The ok result of get_chats. */
    public static CommandResult chatsPage(List<ChatThread> chats, int limit) {
        ChatsPage.Builder page = ChatsPage.newBuilder();
        for (ChatThread t : chats) {
            ChatInfo.Builder chat = ChatInfo.newBuilder()
                    .setJid(t.jid())
                    .setName(t.name() == null ? "" : t.name())
                    .setUnread(t.unreadCount())
                    .setArchived(t.archived())
                    .setPinned(t.pinned())
                    .setMuteEnd(t.muteEndTimestamp())
                    .addAllLabels(t.labels());
            if (t.lastMessageTimestamp() > 0) {
                chat.setLastMessageAt(EventFactory.timestamp(Instant.ofEpochSecond(t.lastMessageTimestamp())));
            }
            page.addChats(chat);
        }
        if (chats.size() == limit) {
            page.setNextCursor(chats.getLast().jid());
        }
        return CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder().setChats(page)).build();
    }

    /** A get_labels page: the labels, and the cursor of the next page when this one is full. */
    public static CommandResult labelsPage(List<io.wabridge.client.store.ChatLabel> labels, int limit) {
        io.wabridge.proto.v1.LabelsPage.Builder page = io.wabridge.proto.v1.LabelsPage.newBuilder();
        for (io.wabridge.client.store.ChatLabel l : labels) {
            page.addLabels(io.wabridge.proto.v1.LabelInfo.newBuilder().setId(l.id()).setName(l.name() == null ? "" : l.name())
                    .setColor(l.color()));
        }
        if (labels.size() == limit) {
            page.setNextCursor(labels.getLast().id());
        }
        return CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder().setLabels(page)).build();
    }

    /** A query's page size: its limit, or {@link #DEFAULT_LIMIT} when it names none (the validator bounds it). */
    public static int limit(int requested) {
        return requested == 0 ? DEFAULT_LIMIT : requested;
    }

    /** A query's cursor: null for the first page. */
    public static String cursor(String cursor) {
        return cursor == null || cursor.isEmpty() ? null : cursor;
    }

    private static String text(Jid jid) {
        return jid == null ? "" : jid.toString();
    }
}
