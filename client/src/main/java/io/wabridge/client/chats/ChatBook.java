package io.wabridge.client.chats;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.message.content.Edit;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Revoke;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.Contact;
import io.wabridge.client.store.ContactStore;
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.store.ThreadStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's contacts and chats. Received messages change them in a pending set that is written (one batch per
 * store) when the inbound batch that carried them is committed, and dropped when it is not (the server delivers
 * those messages again): an unread count never counts a redelivered message twice. Everything else (sends, names
 * from app state, chat state) is written at once. Each change is reported after it is stored:
 * {@link ClientEvent.PushNameChanged}, {@link ClientEvent.ContactUpdated}, {@link ClientEvent.ChatUpdated}.
 * Runs on the account's serial executor.
 */
public final class ChatBook {
    private static final Logger LOG = LoggerFactory.getLogger(ChatBook.class);

    /** Items per listing page at most. */
    public static final int MAX_PAGE = 1000;

    private final String sessionId;
    private final ContactStore contacts;
    private final ThreadStore threads;
    private final LidMappings lids;
    private final Consumer<ClientEvent> emit;
    private final Map<String, ChatThread> pendingThreads = new LinkedHashMap<>();
    private final Map<String, Contact> pendingContacts = new LinkedHashMap<>();
    private final List<ClientEvent> pendingEvents = new ArrayList<>();

    public ChatBook(String sessionId, ContactStore contacts, ThreadStore threads, LidMappings lids,
                    Consumer<ClientEvent> emit) {
        this.sessionId = sessionId;
        this.contacts = Objects.requireNonNull(contacts, "contacts");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.lids = Objects.requireNonNull(lids, "lids");
        this.emit = Objects.requireNonNull(emit, "emit");
    }

    /** A received (or own-device) message: the chat's last message and unread count, the sender's push name. Pending. */
    public void received(ClientEvent.MessageReceived m) {
        if (m.chat().isStatusBroadcast() || m.chat().isBroadcast() || m.chat().isNewsletter()) {
            return;
        }
        if (!m.fromMe() && m.pushName() != null && !m.pushName().isBlank()) {
            Jid person = m.senderPn() != null ? m.senderPn() : m.senderLid() != null ? m.senderLid() : m.sender().toNonAd();
            Jid key = key(person);
            Contact before = pendingContacts.containsKey(key.toString()) ? pendingContacts.get(key.toString())
                    : contacts.load(key.toString()).orElse(null);
            if (before == null || !m.pushName().equals(before.pushName())) {
                Contact after = before == null ? new Contact(key.toString(), null, null, m.pushName())
                        : new Contact(key.toString(), before.fullName(), before.firstName(), m.pushName());
                pendingContacts.put(key.toString(), after);
                pendingEvents.add(new ClientEvent.PushNameChanged(key, pnOf(key), lidOf(key), m.pushName(),
                        before == null ? null : before.pushName()));
            }
        }
        if (!countsAsChatMessage(m.content())) {
            return;
        }
        Jid chat = key(m.chat());
        ChatThread before = thread(chat);
        long t = m.timestamp().getEpochSecond();
        ChatThread after = new ChatThread(chat.toString(), before.name(),
                Math.max(before.lastMessageTimestamp(), t),
                m.fromMe() ? 0 : before.unreadCount() + 1, before.archived(), before.pinned(), before.muteEndTimestamp());
        pendingThreads.put(chat.toString(), after);
    }

    /** The inbound batch was acknowledged: its changes are written and reported. */
    public void committed() {
        if (pendingThreads.isEmpty() && pendingContacts.isEmpty()) {
            pendingEvents.clear();
            return;
        }
        try {
            if (!pendingContacts.isEmpty()) {
                contacts.storeAll(new ArrayList<>(pendingContacts.values()));
            }
            if (!pendingThreads.isEmpty()) {
                threads.storeAll(new ArrayList<>(pendingThreads.values()));
            }
        } catch (StoreFencedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("[{}] contacts and chats of a received batch not stored: {}", sessionId, e.toString());
            discarded();
            return;
        }
        List<ClientEvent> events = new ArrayList<>(pendingEvents);
        pendingThreads.clear();
        pendingContacts.clear();
        pendingEvents.clear();
        events.forEach(emit);
    }

    /** The inbound batch was not acknowledged (its messages come again): its changes are dropped. */
    public void discarded() {
        pendingThreads.clear();
        pendingContacts.clear();
        pendingEvents.clear();
    }

    /** We sent a message in {@code chat} (from this device): its last message time, unread back to 0. */
    public void sent(Jid chat, Instant at) {
        if (!(chat.isPn() || chat.isLid() || chat.isGroup())) {
            return;
        }
        Jid key = key(chat);
        ChatThread before = thread(key);
        ChatThread after = new ChatThread(key.toString(), before.name(),
                Math.max(before.lastMessageTimestamp(), at.getEpochSecond()), 0, before.archived(), before.pinned(),
                before.muteEndTimestamp());
        threads.store(after);
        pendingThreads.remove(key.toString());
    }

    // ---- for app state and history sync ----

    /**
     * Sets a contact's address-book names (app state's contact action, history): stored at once and reported as
     * {@link ClientEvent.ContactUpdated} when they changed. Null keeps a name as it is.
     */
    public void contactNames(Jid jid, String fullName, String firstName) {
        Jid key = key(jid);
        Contact before = contacts.load(key.toString()).orElse(null);
        String full = fullName != null ? fullName : before == null ? null : before.fullName();
        String first = firstName != null ? firstName : before == null ? null : before.firstName();
        Contact after = new Contact(key.toString(), full, first, before == null ? null : before.pushName());
        if (after.equals(before)) {
            return;
        }
        contacts.store(after);
        emit.accept(contactEvent(after));
    }

    /** A push name learned elsewhere (history sync's push names): stored at once, reported when it changed. */
    public void pushName(Jid jid, String pushName) {
        Jid key = key(jid);
        Contact before = contacts.load(key.toString()).orElse(null);
        if (pushName == null || before != null && pushName.equals(before.pushName())) {
            return;
        }
        contacts.store(before == null ? new Contact(key.toString(), null, null, pushName)
                : new Contact(key.toString(), before.fullName(), before.firstName(), pushName));
        emit.accept(new ClientEvent.PushNameChanged(key, pnOf(key), lidOf(key), pushName,
                before == null ? null : before.pushName()));
    }

    /**
     * Changes a chat's state (app state: archive, pin, mute, mark read; history: name, unread): stored at once and
     * reported as {@link ClientEvent.ChatUpdated} when it changed.
     */
    public ChatThread updateChat(Jid chat, UnaryOperator<ChatThread> change) {
        Jid key = key(chat);
        ChatThread before = thread(key);
        ChatThread after = Objects.requireNonNull(change.apply(before), "changed thread");
        if (!after.jid().equals(key.toString())) {
            throw new IllegalArgumentException("a change must keep the chat's JID " + key);
        }
        if (!after.equals(before)) {
            threads.store(after);
            pendingThreads.remove(key.toString());
            emit.accept(new ClientEvent.ChatUpdated(after));
        }
        return after;
    }

    // ---- listings ----

    /** A contact with both its identities, as listings and events give it. */
    public record ContactEntry(Contact contact, Jid pn, Jid lid) {}

    /** Up to {@code limit} contacts after {@code afterJid} (null: from the start), ordered by JID. */
    public List<ContactEntry> contacts(String afterJid, int limit) {
        checkLimit(limit);
        List<ContactEntry> out = new ArrayList<>();
        for (Contact c : contacts.page(afterJid, limit)) {
            Jid jid = Jid.tryParse(c.jid());
            out.add(new ContactEntry(c, jid == null ? null : pnOf(jid), jid == null ? null : lidOf(jid)));
        }
        return out;
    }

    /** Up to {@code limit} chats after {@code afterJid} (null: from the start), ordered by JID. */
    public List<ChatThread> chats(String afterJid, int limit) {
        checkLimit(limit);
        return threads.page(afterJid, limit);
    }

    // ---- helpers ----

    /** The form contacts and chats are kept under: the phone number when known, else the JID as given (a user). */
    public Jid key(Jid jid) {
        Jid user = jid.isGroup() ? jid : jid.toNonAd();
        if (user.isLid()) {
            return lids.pnFor(user).orElse(user);
        }
        return user;
    }

    private ClientEvent.ContactUpdated contactEvent(Contact c) {
        Jid jid = Jid.parse(c.jid());
        return new ClientEvent.ContactUpdated(jid, pnOf(jid), lidOf(jid), c.fullName(), c.firstName(), c.pushName());
    }

    private Jid pnOf(Jid key) {
        return key.isPn() ? key : key.isLid() ? lids.pnFor(key).orElse(null) : null;
    }

    private Jid lidOf(Jid key) {
        return key.isLid() ? key : key.isPn() ? lids.lidFor(key).orElse(null) : null;
    }

    private ChatThread thread(Jid key) {
        ChatThread pending = pendingThreads.get(key.toString());
        if (pending != null) {
            return pending;
        }
        Optional<ChatThread> stored = threads.load(key.toString());
        return stored.orElseGet(() -> new ChatThread(key.toString(), null, 0, 0, false, false, 0));
    }

    /** Reactions, edits and revokes change a message, they are not one (as the views count). */
    private static boolean countsAsChatMessage(MessageContent content) {
        return !(content instanceof Reaction || content instanceof Edit || content instanceof Revoke);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + ", got " + limit);
        }
    }
}
