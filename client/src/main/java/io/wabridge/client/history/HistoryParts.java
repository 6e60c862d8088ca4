package io.wabridge.client.history;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.ReceivedContent;
import io.wabridge.proto.wa.HistoryConversation;
import io.wabridge.proto.wa.HistorySyncNotification;
import io.wabridge.proto.wa.MessageKey;
import io.wabridge.proto.wa.PhoneNumberToLIDMapping;
import io.wabridge.proto.wa.Pushname;
import io.wabridge.proto.wa.WebMessageInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts what a {@link HistoryReader} finds in one chunk into {@link ClientEvent.HistorySync} parts: at most
 * {@code maxMessages} messages and about {@code maxBytes} WhatsApp bytes each, handed to the {@link Sink} in order
 * (the sink may block: that is the back-pressure that keeps a big chunk out of the heap). Messages are decoded into
 * the same typed content as live ones; a message without content (a system "stub"), without id, or whose chat does
 * not parse is skipped and counted. Call {@link #finish} after the reader: it hands over the last part.
 */
public final class HistoryParts implements HistoryReader.Visitor {

    /** Receives each part; may block until the part is handed off. */
    @FunctionalInterface
    public interface Sink {
        void accept(ClientEvent.HistorySync part) throws IOException;
    }

    /** The chunk the parts belong to. */
    public record Chunk(String notificationId, HistorySyncNotification.HistorySyncType syncType, int chunkOrder,
                        int progress, String requestId) {}

    private final Chunk chunk;
    private final Jid me;
    private final Jid lid;
    private final int maxMessages;
    private final int maxBytes;
    private final Sink sink;
    private final List<ClientEvent.HistoryConversation> conversations = new ArrayList<>();
    private final List<ClientEvent.MessageReceived> messages = new ArrayList<>();
    private final List<ClientEvent.HistoryPushName> pushNames = new ArrayList<>();
    private final List<ClientEvent.HistoryLidMapping> mappings = new ArrayList<>();
    /** Messages per chat in the current part. */
    private final Map<Jid, Integer> perChat = new HashMap<>();
    private int bytes;
    private int part;
    private long messageCount;
    private long skipped;

    /**
     * @param me  our own phone-number JID (sender of our messages), any device
     * @param lid our own LID, or null
     */
    public HistoryParts(Chunk chunk, Jid me, Jid lid, int maxMessages, int maxBytes, Sink sink) {
        this.chunk = chunk;
        this.me = me.normalizedUser();
        this.lid = lid == null ? null : lid.normalizedUser();
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    @Override
    public void message(WebMessageInfo info, int wireSize) throws IOException {
        ClientEvent.MessageReceived m = decode(info);
        if (m == null) {
            skipped++;
            return;
        }
        make(room(1, wireSize));
        messages.add(m);
        perChat.merge(m.chat(), 1, Integer::sum);
        bytes += wireSize;
        messageCount++;
    }

    @Override
    public void conversation(HistoryConversation c, int messageTotal, int wireSize) throws IOException {
        Jid id = Jid.tryParse(c.getId());
        if (id == null) {
            skipped++;
            return;
        }
        make(room(0, wireSize));
        Integer inPart = perChat.get(id.normalizedUser());
        conversations.add(new ClientEvent.HistoryConversation(id.normalizedUser(), emptyToNull(c.hasName() ? c.getName()
                : c.getDisplayName()), user(c.getPnJid()), user(c.getLidJid()), c.getUnreadCount(), c.getArchived(),
                c.getPinned() > 0, c.getMarkedAsUnread(),
                c.getMuteEndTime() > 0 ? Instant.ofEpochSecond(Math.min(c.getMuteEndTime(), Instant.MAX.getEpochSecond()))
                        : null,
                c.getConversationTimestamp() > 0 ? Instant.ofEpochSecond(c.getConversationTimestamp())
                        : c.getLastMsgTimestamp() > 0 ? Instant.ofEpochSecond(c.getLastMsgTimestamp()) : null,
                c.getEphemeralExpiration(), c.getReadOnly(), c.getEndOfHistoryTransfer(),
                inPart == null ? 0 : inPart));
        bytes += wireSize;
    }

    @Override
    public void pushName(Pushname p, int wireSize) throws IOException {
        Jid jid = user(p.getId());
        if (jid == null || p.getPushname().isEmpty()) {
            skipped++;
            return;
        }
        make(room(0, wireSize));
        pushNames.add(new ClientEvent.HistoryPushName(jid, p.getPushname()));
        bytes += wireSize;
    }

    @Override
    public void lidMapping(PhoneNumberToLIDMapping m, int wireSize) throws IOException {
        Jid pn = user(m.getPnJid());
        Jid l = user(m.getLidJid());
        if (pn == null || l == null || !pn.isPn() || !l.isLid()) {
            skipped++;
            return;
        }
        make(room(0, wireSize));
        mappings.add(new ClientEvent.HistoryLidMapping(pn, l));
        bytes += wireSize;
    }

    /** Hands over the last part (also when the chunk was empty: the consumer sees every chunk end). */
    public void finish() throws IOException {
        flush(true);
    }

    public long messages() {
        return messageCount;
    }

    /** Entries that could not be used (system messages, unreadable JIDs). */
    public long skipped() {
        return skipped;
    }

    /** Parts handed over so far. */
    public int parts() {
        return part;
    }

    private boolean room(int moreMessages, int moreBytes) {
        boolean empty = messages.isEmpty() && conversations.isEmpty() && pushNames.isEmpty() && mappings.isEmpty();
        return empty || messages.size() + moreMessages <= maxMessages && bytes + moreBytes <= maxBytes;
    }

    private void make(boolean fits) throws IOException {
        if (!fits) {
            flush(false);
        }
    }

    private void flush(boolean last) throws IOException {
        ClientEvent.HistorySync event = new ClientEvent.HistorySync(chunk.notificationId(), chunk.syncType(),
                chunk.chunkOrder(), part++, last, chunk.progress(), chunk.requestId(), conversations, messages,
                pushNames, mappings, null);
        conversations.clear();
        messages.clear();
        pushNames.clear();
        mappings.clear();
        perChat.clear();
        bytes = 0;
        sink.accept(event);
    }

    /** A history message as a received one, or null when it cannot be one. */
    ClientEvent.MessageReceived decode(WebMessageInfo info) {
        if (!info.hasMessage() || !info.hasKey()) {
            return null;
        }
        MessageKey key = info.getKey();
        Jid chat = Jid.tryParse(key.getRemoteJid());
        if (chat == null || key.getId().isEmpty()) {
            return null;
        }
        chat = chat.isPn() || chat.isLid() ? chat.normalizedUser() : chat;
        boolean fromMe = key.getFromMe();
        Jid sender;
        if (fromMe) {
            sender = chat.isLid() && lid != null ? lid : me;
        } else if (chat.isGroup() || chat.isBroadcast()) {
            String participant = !key.getParticipant().isEmpty() ? key.getParticipant() : info.getParticipant();
            sender = Jid.tryParse(participant);
            if (sender == null) {
                return null;
            }
        } else {
            sender = chat;
        }
        ReceivedContent content = MessageContentCodec.decodeReceived(info.getMessage());
        Instant at = Instant.ofEpochSecond(info.getMessageTimestamp());
        return new ClientEvent.MessageReceived(key.getId(), chat, sender, sender.isPn() ? sender : null,
                sender.isLid() ? sender : null, emptyToNull(info.getPushName()), at, content.content(),
                info.getMessage(), fromMe);
    }

    private static Jid user(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Jid jid = Jid.tryParse(text.endsWith("@c.us") ? text.substring(0, text.length() - 5) + "@s.whatsapp.net" : text);
        return jid == null ? null : jid.isPn() || jid.isLid() ? jid.normalizedUser() : jid;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
