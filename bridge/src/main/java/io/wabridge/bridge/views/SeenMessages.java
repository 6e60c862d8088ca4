package io.wabridge.bridge.views;

import com.google.protobuf.util.Timestamps;
import io.wabridge.proto.v1.ChatView;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.SessionStatus;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The views' memory of message ids, so that a message id counts once within the dedupe window: the windowed store
 * {@code seen-messages} (key session + chat + message id), and, to spare most new messages its point read, what
 * proves a message new without it. One instance per stream task, called from its thread.
 *
 * <p><b>The store.</b> A message carries its WhatsApp timestamp, the same in every copy (a re-publication after a
 * hand-over, a retry): the id is kept under that time and looked up there, one point read in one segment. A message
 * without one, or with one further than half the window from the record's time (an old message delivered late), is
 * kept under the record's time and looked for in the whole window around it, which also finds a copy kept under its
 * timestamp within the window.
 *
 * <p><b>Without a read</b>, a message is new when either holds:
 * <ul>
 *   <li>it is newer than its chat's newest message ({@link ChatView} {@code last_message.timestamp}): every chat
 *       message whose id went into the store since the chat exists moved that time to its own or later, so no copy
 *       of a newer one can be there. This holds only while no chat message can have gone into the store without
 *       reaching its chat: not while the session is logged out, nor for two windows after it is paired again (while
 *       logged out its chats are dropped and its messages still counted), see {@link #chatsComplete}. Once a
 *       session leaves the views (a tombstone, the purge) nothing remembers what its chats missed: README,
 *       "Views", <i>Duplicates</i>, says what that allows;</li>
 *   <li>it is a chat message with the timestamp this task last proved new that way in its chat ({@link Newest}):
 *       the proof said no chat message with that timestamp was in the store, and from it on every id that goes into
 *       the store with that timestamp in that chat is kept in memory beside it, so a chat message's id not among
 *       them is not in the store either (a reaction's is not judged so: the proof says nothing of reactions).</li>
 * </ul>
 * Every id still goes into the store (a copy may come after a restart, on another worker). The memory is dropped
 * when the task closes or re-initializes (an aborted transaction closes it dirty: the store goes back to its last
 * commit, and so does the memory, empty); it is bounded by {@link #FOLLOWED_CHATS} chats per task and
 * {@link #IDS_PER_SECOND} ids per chat, past which that chat's next messages are read again.
 */
final class SeenMessages {

    /** Chats whose newest second is followed per stream task; the least recently seen go first. */
    static final int FOLLOWED_CHATS = 4096;
    /** Ids kept for one chat's newest second; a chat with more messages in one second is read again. */
    static final int IDS_PER_SECOND = 256;

    private final WindowStore<String, Long> store;
    private final long window;
    private final ViewsMetrics metrics;
    private final Map<String, Newest> newest = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Newest> eldest) {
            return size() > FOLLOWED_CHATS;
        }
    };

    /** One chat's newest timestamp proved new, and every id that went into the store with it since. */
    private static final class Newest {
        final long millis;
        final Set<String> ids = new HashSet<>(8);

        Newest(long millis) {
            this.millis = millis;
        }
    }

    SeenMessages(WindowStore<String, Long> store, long windowMillis, ViewsMetrics metrics) {
        this.store = store;
        this.window = windowMillis;
        this.metrics = metrics;
    }

    /**
     * True the first time this message id of this chat is seen within the window; the id is then kept.
     *
     * @param chatKey the message's chat key ({@link ViewsSettings#chatKey})
     * @param chat the chat of a chat message ({@link ChatRules#isChatMessage}) of a session not logged out, as the
     *             views hold it, or null: no such chat yet, or not a chat message
     * @param status the session's status with this event folded in: whether its chats bound what the store holds
     *               ({@link #chatsComplete}), asked only when the chat would prove the message new
     */
    boolean firstSight(String chatKey, MessageEvent m, long recordTime, ChatView chat, SessionStatus status) {
        String key = chatKey + ViewsSettings.CHAT_KEY_SEPARATOR + m.getId();
        long sent = m.hasTimestamp() && Timestamps.isValid(m.getTimestamp())
                ? Timestamps.toMillis(m.getTimestamp()) : -1;
        boolean live = sent >= 0 && Math.abs(recordTime - sent) <= window / 2;
        Newest n = sent >= 0 ? newest.get(chatKey) : null;
        boolean kept;
        if (n != null && n.millis == sent && ChatRules.isChatMessage(m)) {
            kept = n.ids.contains(m.getId());
        } else if (live && chat != null && chat.hasLastMessage()
                && Timestamps.isValid(chat.getLastMessage().getTimestamp())
                && sent > Timestamps.toMillis(chat.getLastMessage().getTimestamp())
                && chatsComplete(status, recordTime)) {
            kept = false;
            if (n == null || n.millis < sent) {
                n = new Newest(sent);
                newest.put(chatKey, n);
            }
        } else {
            kept = lookUp(key, sent, live, recordTime);
            metrics.seenRead();
        }
        if (kept) {
            return false;
        }
        store.put(key, recordTime, live ? sent : recordTime);
        if (n != null && n.millis == sent) {
            if (n.ids.size() < IDS_PER_SECOND) {
                n.ids.add(m.getId());
            } else {
                newest.remove(chatKey); // too many in one second to keep: its next ids are read again
            }
        }
        return true;
    }

    private boolean lookUp(String key, long sent, boolean live, long recordTime) {
        if (live) {
            return store.fetch(key, sent) != null;
        }
        long from = sent >= 0 ? Math.min(sent, recordTime) : recordTime; // a copy kept under its timestamp too
        try (WindowStoreIterator<Long> it = store.fetch(key, Math.max(0, from - window), recordTime + window)) {
            return it.hasNext();
        }
    }

    /**
     * True if every chat message of this session that went into the store within reach reached its chat, so a
     * chat's newest message bounds the ids kept for it: the session was never logged out, or paired again more than
     * two windows ago (while logged out its chats are dropped and its messages counted without them).
     */
    private boolean chatsComplete(SessionStatus status, long recordTime) {
        if (status.getLoggedOut()) {
            return false;
        }
        if (!status.hasLoggedOutAt()) {
            return true;
        }
        return status.hasPairedAt() && Timestamps.compare(status.getPairedAt(), status.getLoggedOutAt()) > 0
                && Timestamps.toMillis(status.getPairedAt()) < recordTime - 2 * window;
    }

    /** Forgets what was proved: the store is the only memory again (a task closing or re-initializing). */
    void forget() {
        newest.clear();
    }
}
