package io.wabridge.client.chats;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.message.content.Edit;
import io.wabridge.client.message.content.EphemeralSetting;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Revoke;
import io.wabridge.client.session.OnExecutor;
import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.ChatLabel;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.Contact;
import io.wabridge.client.store.ContactStore;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.store.ThreadStore;
import io.wabridge.proto.wa.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's contacts, chats and message archive. Received messages change them in a pending set that is written
 * (one batch per store) when the inbound batch that carried them is committed, and dropped when it is not (the server
 * delivers those messages again): an unread count never counts a redelivered message twice, and no message is
 * archived before the flush that made it durable. Everything else (sends, names from app state, chat state) is
 * written at once. Each change is reported after it is stored: {@link ClientEvent.PushNameChanged},
 * {@link ClientEvent.ContactUpdated}, {@link ClientEvent.ChatUpdated}.
 *
 * <p>Runs on the account's serial executor, but never blocks it on a write: every write goes to the store I/O
 * executor, one after the other in the order they were made (a per-session lane), and its events are reported back
 * on the session executor once it is stored. Until then the values written stay readable here (an overlay), so the
 * next batch counts on top of them.
 */
public final class ChatBook {
    private static final Logger LOG = LoggerFactory.getLogger(ChatBook.class);

    /** Items per listing page at most. */
    public static final int MAX_PAGE = 1000;

    /** Messages per get-messages page at most. */
    public static final int MAX_MESSAGES_PAGE = 500;

    /** In the overlay: the chat was deleted and the delete is not stored yet. */
    private static final ChatThread DELETED = new ChatThread("deleted", null, 0, 0, false, false, 0);

    private final String sessionId;
    private final ContactStore contacts;
    private final ThreadStore threads;
    private final MessageStore messages;
    private final LidMappings lids;
    private final Consumer<ClientEvent> emit;
    private final Executor session;
    private final Executor io;
    private final Map<String, ChatThread> pendingThreads = new LinkedHashMap<>();
    private final Map<String, Contact> pendingContacts = new LinkedHashMap<>();
    private final List<ClientEvent> pendingEvents = new ArrayList<>();
    private final List<ArchiveOp> pendingArchive = new ArrayList<>();
    /** Written to the store I/O executor, not stored yet: what reads see meanwhile. */
    private final Map<String, ChatThread> writingThreads = new HashMap<>();
    private final Map<String, Contact> writingContacts = new HashMap<>();
    /** The last write of the lane (writes run one after the other, in order). */
    private CompletableFuture<Void> lane = CompletableFuture.completedFuture(null);
    /** The lane's last write while it waits for the I/O executor (later writes join it); session executor. */
    private Queued queued;
    private long joinedWrites;
    /**
     * Chats and contacts as the store holds them (empty: none stored), read ahead for inbound batches
     * ({@link #readAhead}) or just written, the least recently used dropped past {@link #KNOWN_CHATS}. Only this
     * session's owner writes them, through here: an entry is dropped when its key is written and put back once the
     * write is stored. Reads see pending and writing values first.
     */
    private final Map<String, Optional<ChatThread>> aheadThreads = lru();
    private final Map<String, Optional<Contact>> aheadContacts = lru();
    /** Chats (and contacts) whose stored values are kept in memory. */
    static final int KNOWN_CHATS = 256;
    /** Chats and contacts written while a read-ahead was out: what it read of them is not kept. */
    private final java.util.Set<String> threadsWrittenWhileReading = new java.util.HashSet<>();
    private final java.util.Set<String> contactsWrittenWhileReading = new java.util.HashSet<>();
    private int readsOut;
    /** The writes of the running {@link #stored} call (null: none runs); session executor. */
    private List<CompletableFuture<Void>> tracked;

    /** One change of the archive, applied in order within a write. */
    private sealed interface ArchiveOp {
        record Put(ArchivedMessage message) implements ArchiveOp {}

        /** The message's content is replaced (an edit), if it is archived. */
        record Replace(String chat, String id, byte[] message) implements ArchiveOp {}

        /** The message is deleted (a revoke). */
        record Delete(String chat, String id) implements ArchiveOp {}

        /** Every message of the chat is deleted (cleared or deleted chat). */
        record Clear(String chat) implements ArchiveOp {}

        /** The message is starred or unstarred, if it is archived. */
        record Star(String chat, String id, boolean starred) implements ArchiveOp {}

        /** A label is put on ({@code labeled}) or taken off the message, if it is archived. */
        record Label(String chat, String id, String labelId, boolean labeled) implements ArchiveOp {}
    }

    /**
     * @param session the account's serial executor (events and the overlay's clean-up run there)
     * @param io      where store writes run (the store I/O executor)
     */
    public ChatBook(String sessionId, ContactStore contacts, ThreadStore threads, MessageStore messages, LidMappings lids,
                    Consumer<ClientEvent> emit, Executor session, Executor io) {
        this.sessionId = sessionId;
        this.contacts = Objects.requireNonNull(contacts, "contacts");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.lids = Objects.requireNonNull(lids, "lids");
        this.emit = Objects.requireNonNull(emit, "emit");
        this.session = Objects.requireNonNull(session, "session");
        this.io = Objects.requireNonNull(io, "io");
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
                    : contact(key);
            if (before == null || !m.pushName().equals(before.pushName())) {
                Contact after = before == null ? new Contact(key.toString(), null, null, m.pushName())
                        : new Contact(key.toString(), before.fullName(), before.firstName(), m.pushName());
                pendingContacts.put(key.toString(), after);
                pendingEvents.add(new ClientEvent.PushNameChanged(key, pnOf(key), lidOf(key), m.pushName(),
                        before == null ? null : before.pushName()));
            }
        }
        Jid chat = key(m.chat());
        archiveReceived(chat, m);
        if (!countsAsChatMessage(m.content())) {
            return;
        }
        ChatThread before = thread(chat);
        long t = m.timestamp().getEpochSecond();
        ChatThread after = new ChatThread(chat.toString(), before.name(),
                Math.max(before.lastMessageTimestamp(), t),
                m.fromMe() ? 0 : before.unreadCount() + 1, before.archived(), before.pinned(), before.muteEndTimestamp(),
                before.ephemeralExpiration(), before.ephemeralSettingTimestamp(), before.labels());
        pendingThreads.put(chat.toString(), after);
    }

    /**
     * The inbound batch was acknowledged (its Signal state is stored): its changes are written, off this executor,
     * and reported once stored. A write that fails is logged and dropped (the batch is acknowledged already).
     */
    public void committed() {
        if (pendingThreads.isEmpty() && pendingContacts.isEmpty() && pendingArchive.isEmpty()) {
            pendingEvents.clear();
            return;
        }
        List<Contact> contactBatch = new ArrayList<>(pendingContacts.values());
        List<ChatThread> threadBatch = new ArrayList<>(pendingThreads.values());
        List<ArchiveOp> archiveBatch = new ArrayList<>(pendingArchive);
        List<ClientEvent> events = new ArrayList<>(pendingEvents);
        pendingThreads.clear();
        pendingContacts.clear();
        pendingEvents.clear();
        pendingArchive.clear();
        write(contactBatch, threadBatch, List.of(), archiveBatch, events, "contacts, chats and messages of a received batch");
    }

    /** The inbound batch was not acknowledged (its messages come again): its changes are dropped. */
    public void discarded() {
        pendingThreads.clear();
        pendingContacts.clear();
        pendingEvents.clear();
        pendingArchive.clear();
    }

    /** We sent a message in {@code chat} (from this device): its last message time, unread back to 0. */
    public void sent(Jid chat, Instant at) {
        sent(chat, at, null, null, null);
    }

    /**
     * We sent a message in {@code chat} (from this device, {@code me}): its last message time, unread back to 0, and
     * the message archived (when {@code id} and {@code content} are given).
     */
    public void sent(Jid chat, Instant at, Jid me, String id, MessageContent content) {
        if (!(chat.isPn() || chat.isLid() || chat.isGroup())) {
            return;
        }
        Jid key = key(chat);
        List<ArchiveOp> archive = new ArrayList<>(1);
        if (me != null && id != null && content != null) {
            Message message = archivable(content) ? MessageContentCodec.encode(content) : null;
            if (message != null && !message.hasProtocolMessage()) {
                archive.add(new ArchiveOp.Put(new ArchivedMessage(key.toString(), id, true, me.toString(),
                        me.isPn() ? me.toNonAd().toString() : null, me.isLid() ? me.toNonAd().toString() : null, null,
                        at.toEpochMilli(), message.toByteArray())));
            }
            edits(key, content, archive);
        }
        ChatThread before = thread(key);
        ChatThread after = new ChatThread(key.toString(), before.name(),
                Math.max(before.lastMessageTimestamp(), at.getEpochSecond()), 0, before.archived(), before.pinned(),
                before.muteEndTimestamp(), before.ephemeralExpiration(), before.ephemeralSettingTimestamp(), before.labels());
        pendingThreads.remove(key.toString());
        write(List.of(), after.equals(before) ? List.of() : List.of(after), List.of(), archive, List.of(), "a sent message's chat");
    }

    // ---- for app state and history sync ----

    /**
     * Sets a contact's address-book names (app state's contact action, history): stored at once and reported as
     * {@link ClientEvent.ContactUpdated} when they changed. Null keeps a name as it is.
     */
    public void contactNames(Jid jid, String fullName, String firstName) {
        Jid key = key(jid);
        Contact before = contact(key);
        String full = fullName != null ? fullName : before == null ? null : before.fullName();
        String first = firstName != null ? firstName : before == null ? null : before.firstName();
        Contact after = new Contact(key.toString(), full, first, before == null ? null : before.pushName());
        if (after.equals(before)) {
            return;
        }
        write(List.of(after), List.of(), List.of(), List.of(), List.of(contactEvent(after)), "a contact's names");
    }

    /** A push name learned elsewhere (history sync's push names): stored at once, reported when it changed. */
    public void pushName(Jid jid, String pushName) {
        Jid key = key(jid);
        Contact before = contact(key);
        if (pushName == null || before != null && pushName.equals(before.pushName())) {
            return;
        }
        Contact after = before == null ? new Contact(key.toString(), null, null, pushName)
                : new Contact(key.toString(), before.fullName(), before.firstName(), pushName);
        write(List.of(after), List.of(), List.of(), List.of(), List.of(new ClientEvent.PushNameChanged(key, pnOf(key),
                lidOf(key), pushName, before == null ? null : before.pushName())), "a push name");
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
            pendingThreads.remove(key.toString());
            write(List.of(), List.of(after), List.of(), List.of(), List.of(new ClientEvent.ChatUpdated(after)), "a chat's state");
        }
        return after;
    }

    /**
     * Sets a chat's disappearing-messages timer ({@code seconds}, 0 = off, set at {@code at} epoch seconds) unless the
     * chat has that timer already or, for a change from elsewhere ({@code ours} false), the one kept was set later:
     * with the received batch when {@code pending} (written once the batch is acknowledged), else at once; {@code event}
     * is reported once stored. False when it changed nothing.
     */
    public boolean ephemeral(Jid chat, int seconds, long at, boolean pending, boolean ours, ClientEvent event) {
        Jid key = key(chat);
        ChatThread before = thread(key);
        if (before.ephemeralExpiration() == seconds || !ours && at != 0 && before.ephemeralSettingTimestamp() > at) {
            return false;
        }
        ChatThread after = before.withEphemeral(seconds, at);
        if (pending) {
            pendingThreads.put(key.toString(), after);
            pendingEvents.add(event);
        } else {
            pendingThreads.remove(key.toString());
            write(List.of(), List.of(after), List.of(), List.of(), List.of(event), "a chat's disappearing timer");
        }
        return true;
    }

    /** A chat as kept (pending, being written or stored), an empty one if none; reads the store on a miss. */
    public ChatThread chat(Jid chat) {
        return thread(key(chat));
    }

    /**
     * A chat deleted on one of our devices (app state's deleteChat): its entry and its archived messages go. Nothing
     * is reported here (app state reports the action itself).
     */
    public void deleteChat(Jid chat) {
        Jid key = key(chat);
        pendingThreads.remove(key.toString());
        write(List.of(), List.of(), List.of(key.toString()), List.of(new ArchiveOp.Clear(key.toString())), List.of(),
                "a deleted chat");
    }

    /** A chat cleared on one of our devices (app state's clearChat): its archived messages go, its unread count to 0. */
    public void clearChat(Jid chat) {
        Jid key = key(chat);
        ChatThread before = thread(key);
        ChatThread after = new ChatThread(before.jid(), before.name(), before.lastMessageTimestamp(), 0, before.archived(),
                before.pinned(), before.muteEndTimestamp(), before.ephemeralExpiration(), before.ephemeralSettingTimestamp(), before.labels());
        pendingThreads.remove(key.toString());
        write(List.of(), after.equals(before) ? List.of() : List.of(after), List.of(),
                List.of(new ArchiveOp.Clear(key.toString())),
                after.equals(before) ? List.of() : List.of(new ClientEvent.ChatUpdated(after)), "a cleared chat");
    }

    /**
     * A message starred or unstarred on one of our devices (app state's star): the archived message's flag, if it is
     * archived. Stored in order with the other writes; nothing is reported here (app state reports the action).
     */
    public void star(Jid chat, String id, boolean starred) {
        write(List.of(), List.of(), List.of(), List.of(new ArchiveOp.Star(key(chat).toString(), id, starred)), List.of(),
                starred ? "a star" : "an unstar");
    }

    /**
     * A label put on ({@code labeled}) or taken off a message on one of our devices (app state's label_message): kept
     * on the archived message, if it is archived (else nothing is stored). Stored in order with the other writes;
     * nothing is reported here (app state reports the action).
     */
    public void labelMessage(Jid chat, String id, String labelId, boolean labeled) {
        write(List.of(), List.of(), List.of(), List.of(new ArchiveOp.Label(key(chat).toString(), id, labelId, labeled)),
                List.of(), labeled ? "a message label" : "a message label taken off");
    }

    /**
     * A label created or changed on one of our devices (app state's label_edit), or deleted ({@code deleted}: only its
     * id counts). Stored in order with the other writes; nothing is reported here (app state reports the action).
     * Chats keep the ids of a deleted label until a device takes it off them (WhatsApp's phone does).
     */
    public void label(ChatLabel label, boolean deleted) {
        enqueue(deleted ? () -> threads.deleteLabel(label.id()) : () -> threads.storeLabel(label), tracking(failure -> { }), List.of(),
                deleted ? "a deleted label" : "a label");
    }

    /** A message deleted for us on one of our devices (app state's deleteMessageForMe): it leaves the archive. */
    public void deleteMessage(Jid chat, String id) {
        write(List.of(), List.of(), List.of(), List.of(new ArchiveOp.Delete(key(chat).toString(), id)), List.of(),
                "a deleted message");
    }

    /**
     * Runs {@code changes} (on this executor), which make writes here, and completes (on this executor) once every
     * write they made is stored, or fails with the first write's failure (or what {@code changes} threw; the writes
     * made before still go their way). App state applies a patch through this, so that its version is stored only
     * after everything the patch changed.
     */
    public CompletableFuture<Void> stored(Runnable changes) {
        List<CompletableFuture<Void>> outer = tracked;
        List<CompletableFuture<Void>> mine = new ArrayList<>();
        tracked = mine;
        try {
            changes.run();
        } catch (RuntimeException e) {
            mine.add(CompletableFuture.failedFuture(e));
        } finally {
            tracked = outer;
            if (outer != null) {
                outer.addAll(mine);
            }
        }
        return CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new));
    }

    /**
     * A write made elsewhere as part of the running {@link #stored} unit (the LID mapping an app-state contact action
     * names): the unit completes only once it is stored too, and fails with it. Outside a unit, nothing.
     */
    public void storedWith(CompletableFuture<Void> write) {
        if (tracked != null) {
            tracked.add(Objects.requireNonNull(write, "write"));
        }
    }

    /** {@code done}, and when writes are {@linkplain #stored tracked}, the tracking future's completion too. */
    private java.util.function.Consumer<Throwable> tracking(java.util.function.Consumer<Throwable> done) {
        if (tracked == null) {
            return done;
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        tracked.add(stored);
        return failure -> {
            try {
                done.accept(failure);
            } finally {
                if (failure == null) {
                    stored.complete(null);
                } else {
                    stored.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                }
            }
        };
    }

    /**
     * Completes (on this executor) once every write made so far is stored or failed: for tests and for callers that
     * must read the stores behind the book's back.
     */
    public CompletableFuture<Void> idle() {
        return lane.handle((ok, failure) -> (Void) null).thenApplyAsync(v -> v, session);
    }

    // ---- the message archive ----

    /**
     * The archived message {@code id} of {@code chat}, if kept (a quote's or an edit's original). Any thread: the
     * chat's key is found on the session executor, the store is read on the store I/O executor.
     */
    public CompletableFuture<Optional<ClientEvent.MessageReceived>> message(Jid chat, String id) {
        return CompletableFuture.supplyAsync(() -> key(chat).toString(), session)
                .thenApplyAsync(key -> messages.archived(key, id).map(ChatBook::toEvent), io);
    }

    /**
     * Up to {@code count} (1 to {@link #MAX_MESSAGES_PAGE}) archived messages of {@code chat} older than
     * {@code before} (null: from the newest), and when {@code beforeId} is given, older than that message in
     * (time, id) order; newest first. Any thread, like {@link #message}. Messages of a batch still being written are
     * not in it yet.
     */
    public CompletableFuture<List<ClientEvent.MessageReceived>> messages(Jid chat, Instant before, String beforeId, int count) {
        return kept(chat, before, beforeId, count).thenApply(page -> page.stream().map(Kept::message).toList());
    }

    /**
     * An archived message as {@link #kept} lists it: the message, whether it is starred and the ids of the labels on
     * it (app state; sorted, empty when none).
     */
    public record Kept(ClientEvent.MessageReceived message, boolean starred, List<String> labels) {
        public Kept {
            labels = labels == null ? List.of() : List.copyOf(labels);
        }

        /** Without labels. */
        public Kept(ClientEvent.MessageReceived message, boolean starred) {
            this(message, starred, List.of());
        }
    }

    /** As {@link #messages}, each with its star and labels. */
    public CompletableFuture<List<Kept>> kept(Jid chat, Instant before, String beforeId, int count) {
        if (count < 1 || count > MAX_MESSAGES_PAGE) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_MESSAGES_PAGE + ", got " + count);
        }
        long beforeMillis = before == null ? Long.MAX_VALUE : before.toEpochMilli();
        String anchorId = before == null ? null : beforeId;
        return CompletableFuture.supplyAsync(() -> key(chat).toString(), session)
                .thenApplyAsync(key -> messages.archivedBefore(key, beforeMillis, anchorId, count).stream()
                        .map(a -> new Kept(toEvent(a), a.starred(), a.labels())).toList(), io);
    }

    /** History sync's messages (decoded as live ones): archived like received ones, written at once. */
    public void archiveHistory(List<ClientEvent.MessageReceived> history) {
        List<ArchiveOp> ops = new ArrayList<>(history.size());
        for (ClientEvent.MessageReceived m : history) {
            if (m.chat().isStatusBroadcast() || m.chat().isBroadcast() || m.chat().isNewsletter()) {
                continue;
            }
            Jid chat = key(m.chat());
            if (archivable(m.content()) && !m.message().hasProtocolMessage()) {
                ops.add(new ArchiveOp.Put(archived(chat, m)));
            }
        }
        write(List.of(), List.of(), List.of(), ops, List.of(), "history messages");
    }

    /** An archived message as the live event it was (its content decoded again). */
    static ClientEvent.MessageReceived toEvent(ArchivedMessage a) {
        Message message;
        try {
            message = Message.parseFrom(a.message());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            message = Message.getDefaultInstance();
        }
        return new ClientEvent.MessageReceived(a.id(), Jid.parse(a.chat()), Jid.parse(a.sender()),
                a.senderPn() == null ? null : Jid.tryParse(a.senderPn()), a.senderLid() == null ? null : Jid.tryParse(a.senderLid()),
                a.pushName(), Instant.ofEpochMilli(a.timestampMillis()), MessageContentCodec.decode(message), message, a.fromMe());
    }

    private void archiveReceived(Jid chat, ClientEvent.MessageReceived m) {
        if (archivable(m.content()) && !m.message().hasProtocolMessage()) {
            pendingArchive.add(new ArchiveOp.Put(archived(chat, m)));
        }
        edits(chat, m.content(), pendingArchive);
    }

    private static ArchivedMessage archived(Jid chat, ClientEvent.MessageReceived m) {
        return new ArchivedMessage(chat.toString(), m.id(), m.fromMe(), m.sender().toString(),
                m.senderPn() == null ? null : m.senderPn().toString(),
                m.senderLid() == null ? null : m.senderLid().toString(), m.pushName(), m.timestamp().toEpochMilli(),
                m.message().toByteArray());
    }

    /** An edit replaces its original's content, a revoke deletes it. */
    private static void edits(Jid chat, MessageContent content, List<ArchiveOp> ops) {
        if (content instanceof Edit e) {
            ops.add(new ArchiveOp.Replace(chat.toString(), e.target().id(),
                    MessageContentCodec.encode(e.newContent()).toByteArray()));
        } else if (content instanceof Revoke r) {
            ops.add(new ArchiveOp.Delete(chat.toString(), r.target().id()));
        }
    }

    private static boolean archivable(MessageContent content) {
        return !(content instanceof Reaction || content instanceof Edit || content instanceof Revoke
                || content instanceof EphemeralSetting);
    }

    // ---- the write lane ----

    /**
     * Writes on the store I/O executor after every earlier write; then, on this executor, drops the overlay entries
     * this write stored and reports {@code events} (only if it was stored). A write made while the lane's last write
     * still waits for the I/O executor joins it (see {@link Queued}): a burst of received batches or sends costs one
     * store round trip per kind instead of one per batch.
     */
    private void write(List<Contact> contactBatch, List<ChatThread> threadBatch, List<String> threadDeletes,
                       List<ArchiveOp> archive, List<ClientEvent> events, String what) {
        if (contactBatch.isEmpty() && threadBatch.isEmpty() && threadDeletes.isEmpty() && archive.isEmpty()) {
            events.forEach(emit);
            return;
        }
        contactBatch.forEach(c -> writingContacts.put(c.jid(), c));
        threadBatch.forEach(t -> writingThreads.put(t.jid(), t));
        threadDeletes.forEach(jid -> writingThreads.put(jid, DELETED));
        contactBatch.forEach(c -> written(c.jid(), aheadContacts, contactsWrittenWhileReading));
        threadBatch.forEach(t -> written(t.jid(), aheadThreads, threadsWrittenWhileReading));
        threadDeletes.forEach(jid -> written(jid, aheadThreads, threadsWrittenWhileReading));
        java.util.function.Consumer<Throwable> done = tracking(failure -> {
            for (Contact c : contactBatch) {
                if (writingContacts.remove(c.jid(), c) && failure == null
                        && !contactsWrittenWhileReading.contains(c.jid())) {
                    aheadContacts.put(c.jid(), Optional.of(c)); // the store's value now: kept for the next reads
                }
            }
            for (ChatThread t : threadBatch) {
                if (writingThreads.remove(t.jid(), t) && failure == null
                        && !threadsWrittenWhileReading.contains(t.jid())) {
                    aheadThreads.put(t.jid(), Optional.of(t));
                }
            }
            for (String jid : threadDeletes) {
                if (writingThreads.remove(jid, DELETED) && failure == null
                        && !threadsWrittenWhileReading.contains(jid)) {
                    aheadThreads.put(jid, Optional.empty());
                }
            }
        });
        Queued last = queued;
        if (last != null && last.join(contactBatch, threadBatch, threadDeletes, archive, done, events)) {
            joinedWrites++;
            return;
        }
        Queued write = new Queued(what);
        write.join(contactBatch, threadBatch, threadDeletes, archive, done, events);
        queued = write;
        run(() -> {
            write.start();
            if (!write.contacts.isEmpty()) {
                contacts.storeAll(List.copyOf(write.contacts.values()));
            }
            if (!write.threads.isEmpty()) {
                threads.storeAll(List.copyOf(write.threads.values()));
            }
            write.threadDeletes.forEach(threads::delete);
            applyArchive(write.archive);
        }, failure -> {
            if (queued == write) {
                queued = null;
            }
            write.done.forEach(d -> d.accept(failure));
        }, write.events, write);
    }

    /**
     * Runs {@code work} on the store I/O executor after every earlier write; then, on this executor, {@code done}
     * (with the failure, null if stored) and (only if it was stored) reports {@code events}. No later write joins one
     * made before it.
     */
    private void enqueue(Runnable work, java.util.function.Consumer<Throwable> done, List<ClientEvent> events,
                         String what) {
        queued = null;
        run(work, done, events, what);
    }

    private void run(Runnable work, java.util.function.Consumer<Throwable> done, List<ClientEvent> events, Object what) {
        // Not before the session's current turn ends: the writes made by the tasks queued meanwhile (the sent
        // messages of a burst of acks, each its own task) join this one instead of waiting for the next.
        CompletableFuture<Void> turnEnded = new CompletableFuture<>();
        try {
            session.execute(() -> turnEnded.complete(null));
        } catch (RuntimeException e) { // the session's executor is shut down: write at once
            turnEnded.complete(null);
        }
        CompletableFuture<Void> stored = lane.handle((ok, failure) -> (Void) null)
                .thenCombine(turnEnded, (a, b) -> (Void) null).thenRunAsync(work, io);
        lane = stored;
        stored.whenCompleteAsync((ok, failure) -> {
            done.accept(failure);
            if (failure == null) {
                events.forEach(emit);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof StoreFencedException) {
                LOG.info("[{}] {} not stored: the session has a newer owner", sessionId, what);
            } else {
                LOG.warn("[{}] {} not stored: {}", sessionId, what, cause.toString());
            }
        }, session);
    }

    /** Writes that joined a queued one rather than costing their own store round trips (tests, metrics). */
    long joinedWrites() {
        return joinedWrites;
    }

    /**
     * A write on the lane that has not started on the I/O executor yet: later writes join it until it starts, so it
     * stores them all in one go, in the order they were made (a value written twice is stored once, the later one;
     * archive changes keep their order; callbacks and events in order). A write deleting chats neither joins nor is
     * joined, so a delete and a later put of the same chat keep their order. Joined on the session executor, started
     * on the I/O executor; the monitor hands what joined before the start to the I/O thread.
     */
    private static final class Queued {
        final Map<String, Contact> contacts = new LinkedHashMap<>();
        final Map<String, ChatThread> threads = new LinkedHashMap<>();
        final List<String> threadDeletes = new ArrayList<>();
        final List<ArchiveOp> archive = new ArrayList<>();
        final List<java.util.function.Consumer<Throwable>> done = new ArrayList<>();
        final List<ClientEvent> events = new ArrayList<>();
        private final String first;
        private int joined;
        private boolean started;

        Queued(String what) {
            this.first = what;
        }

        synchronized boolean join(List<Contact> contactBatch, List<ChatThread> threadBatch, List<String> deletes,
                                  List<ArchiveOp> ops, java.util.function.Consumer<Throwable> callback,
                                  List<ClientEvent> more) {
            if (started || !threadDeletes.isEmpty() || (!deletes.isEmpty() && joined > 0)) {
                return false;
            }
            contactBatch.forEach(c -> contacts.put(c.jid(), c));
            threadBatch.forEach(t -> threads.put(t.jid(), t));
            threadDeletes.addAll(deletes);
            archive.addAll(ops);
            done.add(callback);
            events.addAll(more);
            joined++;
            return true;
        }

        /** I/O executor: nothing joins once started. */
        synchronized void start() {
            started = true;
        }

        @Override
        public synchronized String toString() {
            return joined > 1 ? first + " and " + (joined - 1) + " later writes" : first;
        }
    }

    /** On the I/O executor: the batch's puts, then edits, revokes and clears in the order they came. */
    private void applyArchive(List<ArchiveOp> ops) {
        List<ArchivedMessage> puts = new ArrayList<>();
        for (ArchiveOp op : ops) {
            if (op instanceof ArchiveOp.Put p) {
                puts.add(p.message());
                continue;
            }
            if (!puts.isEmpty()) {
                messages.archive(puts);
                puts = new ArrayList<>();
            }
            switch (op) {
                case ArchiveOp.Replace r -> messages.archived(r.chat(), r.id())
                        .ifPresent(original -> messages.archive(List.of(original.withMessage(r.message()))));
                case ArchiveOp.Delete d -> messages.deleteArchived(d.chat(), d.id());
                case ArchiveOp.Clear c -> messages.clearArchived(c.chat());
                case ArchiveOp.Star st -> messages.archived(st.chat(), st.id()).filter(m -> m.starred() != st.starred())
                        .ifPresent(m -> messages.rewriteArchived(m.withStarred(st.starred())));
                case ArchiveOp.Label l -> messages.archived(l.chat(), l.id())
                        .filter(m -> m.labels().contains(l.labelId()) != l.labeled())
                        .ifPresent(m -> messages.rewriteArchived(m.withLabel(l.labelId(), l.labeled())));
                case ArchiveOp.Put p -> throw new AssertionError(p);
            }
        }
        if (!puts.isEmpty()) {
            messages.archive(puts);
        }
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

    /** Up to {@code limit} labels of the account after {@code afterId} (null: from the start), ordered by id. */
    public List<ChatLabel> labels(String afterId, int limit) {
        checkLimit(limit);
        return threads.labelPage(afterId, limit);
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
        ChatThread writing = writingThreads.get(key.toString());
        Optional<ChatThread> ahead = aheadThreads.get(key.toString());
        Optional<ChatThread> stored = writing == DELETED ? Optional.empty()
                : writing != null ? Optional.of(writing) : ahead != null ? ahead : threads.load(key.toString());
        return stored.orElseGet(() -> new ChatThread(key.toString(), null, 0, 0, false, false, 0));
    }

    /** The contact as last written (stored or on its way), null if none. */
    private Contact contact(Jid key) {
        Contact writing = writingContacts.get(key.toString());
        Optional<Contact> ahead = aheadContacts.get(key.toString());
        return writing != null ? writing : ahead != null ? ahead.orElse(null) : contacts.load(key.toString()).orElse(null);
    }

    /**
     * A chat or contact is written (pending a write on the lane): what was read ahead of it ({@code ahead}) is no
     * longer the store's; the other kind under the same key stays (a send's chat write keeps its contact).
     */
    private <V> void written(String key, Map<String, V> ahead, java.util.Set<String> writtenWhileReading) {
        ahead.remove(key);
        if (readsOut > 0) {
            writtenWhileReading.add(key);
        }
    }

    /**
     * {@link #readAhead(java.util.Collection, java.util.Collection)} for a batch of received stanzas: the chat each
     * stanza names ({@code from}, or {@code recipient} for our own devices' copies), and as contacts that chat (a
     * user) and each user the stanza names as a sender.
     */
    public CompletableFuture<Void> readAhead(java.util.Collection<Node> stanzas) {
        List<Jid> chats = new ArrayList<>(stanzas.size());
        List<Jid> people = new ArrayList<>(stanzas.size() * 2);
        for (Node stanza : stanzas) {
            for (String attr : new String[] {"from", "recipient", "participant", "sender_pn", "sender_lid",
                    "participant_pn", "participant_lid"}) {
                Jid jid = Jid.tryParse(stanza.attr(attr));
                if (jid != null) {
                    if (attr.equals("from") || attr.equals("recipient")) {
                        chats.add(jid);
                    }
                    people.add(jid);
                }
            }
        }
        return readAhead(chats, people);
    }

    /**
     * Reads ahead, on the store I/O executor (after the writes queued on the lane), what {@link #received} or
     * {@link #sent} will update, so that they find it in memory: the chat of each of {@code chats} (users and
     * groups) and the contact of each of {@code people} (users; groups are skipped), those not in memory; LID users
     * under their phone number where the mappings know it, as {@link #key} does (look those up ahead first). Other
     * JIDs are ignored. Completes on the session's executor once they are kept, at once when
     * nothing is missing. A failed read fails the stage (an inbound batch is not acknowledged).
     */
    public CompletableFuture<Void> readAhead(java.util.Collection<Jid> chats, java.util.Collection<Jid> people) {
        java.util.Set<String> threadKeys = new java.util.LinkedHashSet<>();
        java.util.Set<String> contactKeys = new java.util.LinkedHashSet<>();
        for (Jid jid : chats) {
            String key = aheadKey(jid);
            if (key != null && !pendingThreads.containsKey(key) && !writingThreads.containsKey(key)
                    && !aheadThreads.containsKey(key)) {
                threadKeys.add(key);
            }
        }
        for (Jid jid : people) {
            String key = jid.isGroup() ? null : aheadKey(jid);
            if (key != null && !pendingContacts.containsKey(key) && !writingContacts.containsKey(key)
                    && !aheadContacts.containsKey(key)) {
                contactKeys.add(key);
            }
        }
        if (threadKeys.isEmpty() && contactKeys.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        readsOut++;
        record Found(Map<String, Optional<ChatThread>> threads, Map<String, Optional<Contact>> contacts) {}
        CompletableFuture<Found> read;
        try {
            read = lane.handle((ok, failure) -> (Void) null).thenApplyAsync(v -> {
                Map<String, Optional<ChatThread>> t = new HashMap<>();
                Map<String, Optional<Contact>> c = new HashMap<>();
                threadKeys.forEach(key -> t.put(key, threads.load(key)));
                contactKeys.forEach(key -> c.put(key, contacts.load(key)));
                return new Found(t, c);
            }, io);
        } catch (RuntimeException e) {
            readsOut--;
            return CompletableFuture.failedFuture(e);
        }
        return OnExecutor.relay(read, session).handle((found, failure) -> {
            readsOut--;
            if (found != null) {
                found.threads().forEach((key, value) -> {
                    if (!threadsWrittenWhileReading.contains(key)) {
                        aheadThreads.putIfAbsent(key, value);
                    }
                });
                found.contacts().forEach((key, value) -> {
                    if (!contactsWrittenWhileReading.contains(key)) {
                        aheadContacts.putIfAbsent(key, value);
                    }
                });
            }
            if (readsOut == 0) {
                threadsWrittenWhileReading.clear();
                contactsWrittenWhileReading.clear();
            }
            if (failure != null) {
                throw new CompletionException(failure);
            }
            return null;
        });
    }

    /** The key {@code jid} is kept under ({@link #key}), null for a JID that is neither a user nor a group. */
    private String aheadKey(Jid jid) {
        return jid.isHosted() || !(jid.isPn() || jid.isLid() || jid.isGroup()) ? null : key(jid).toString();
    }

    /** The session's store was wiped (logout): nothing kept of it is true any more. */
    public void storeWiped() {
        aheadThreads.clear();
        aheadContacts.clear();
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > KNOWN_CHATS;
            }
        };
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
