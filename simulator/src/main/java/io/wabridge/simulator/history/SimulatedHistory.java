package io.wabridge.simulator.history;

import com.google.protobuf.ByteString;
import io.wabridge.client.history.HistoryWriter;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.media.MediaType;
import io.wabridge.client.message.content.MediaBlob;
import io.wabridge.proto.wa.HistoryConversation;
import io.wabridge.proto.wa.HistorySync;
import io.wabridge.proto.wa.HistorySyncMsg;
import io.wabridge.proto.wa.HistorySyncNotification;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.MessageKey;
import io.wabridge.proto.wa.PeerDataOperationRequestMessage;
import io.wabridge.proto.wa.ProtocolMessage;
import io.wabridge.proto.wa.WebMessageInfo;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.media.SimulatedMedia;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History the simulated phones hand their companions. {@link #seed} sets an account's history (chats with
 * messages, push names, LID mappings); every companion linked to that account afterwards gets it once it has
 * logged in: chunks of {@code messagesPerChunk} messages (INITIAL_BOOTSTRAP first, then RECENT), then a PUSH_NAME
 * chunk, each a zlib-compressed HistorySync encrypted under "WhatsApp History Keys" and uploaded to the media host
 * (or inline when the seed says so), announced by a HISTORY_SYNC_NOTIFICATION peer message. On-demand requests
 * (PEER_DATA_OPERATION_REQUEST_MESSAGE, HISTORY_SYNC_ON_DEMAND) are answered with an ON_DEMAND chunk of the seeded
 * messages of that chat older than the anchor. {@link #damageNext} breaks the next chunk (bad hash, broken zlib).
 */
public final class SimulatedHistory {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedHistory.class);
    private static final Duration KEYS_WAIT = Duration.ofSeconds(20);

    /** One seeded message. {@code sender} is the participant in a group (null otherwise). */
    public record Msg(String id, boolean fromMe, String sender, String text, long timestamp) {
        public Msg {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    /** One seeded chat, its messages oldest first. */
    public record Chat(String jid, String name, boolean archived, boolean pinned, int unreadCount, long muteEndSeconds,
                       List<Msg> messages) {
        public Chat {
            Objects.requireNonNull(jid, "jid");
            messages = List.copyOf(messages);
        }
    }

    /**
     * An account's history.
     *
     * @param pushNames        jid -> push name
     * @param lidMappings      pn jid -> lid jid
     * @param messagesPerChunk messages per chunk (at least 1)
     * @param inline           chunks inline in the notification instead of uploaded blobs
     */
    public record Seed(List<Chat> chats, Map<String, String> pushNames, Map<String, String> lidMappings,
                       int messagesPerChunk, boolean inline) {
        public Seed {
            chats = List.copyOf(chats);
            pushNames = Map.copyOf(pushNames);
            lidMappings = Map.copyOf(lidMappings);
            if (messagesPerChunk < 1) {
                throw new IllegalArgumentException("messagesPerChunk must be at least 1");
            }
        }
    }

    /** How {@link #damageNext} breaks a chunk. */
    public enum Damage { NONE, HASH, ZLIB }

    private final AccountRegistry accounts;
    private final SimulatedMedia media;
    private final Map<String, Seed> seeds = new ConcurrentHashMap<>();
    private volatile Damage damage = Damage.NONE;
    private final AtomicInteger damageCount = new AtomicInteger();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    public SimulatedHistory(AccountRegistry accounts, SimulatedMedia media) {
        this.accounts = accounts;
        this.media = media;
        accounts.onDeviceLinked(this::linked);
    }

    /** Sets (replaces) the history of an account; companions linked from now on get it. */
    public void seed(PhoneAccount account, Seed seed) {
        seeds.put(account.phoneNumber(), seed);
        accounts.messaging().contact(account).onPeerRequests((from, id, message) -> answer(account, from, id, message));
    }

    public Seed seed(String phoneNumber) {
        return seeds.get(phoneNumber);
    }

    /** The next {@code count} chunks sent are damaged this way (a hash that does not match, or a broken zlib stream). */
    public void damageNext(Damage how, int count) {
        damage = how;
        damageCount.set(count);
    }

    public long notificationsSent() {
        return notifications.get();
    }

    public long requestsAnswered() {
        return requests.get();
    }

    /** Sends the seeded history to a linked device now (the control API's "send again"). */
    public void sendTo(PhoneAccount account, int deviceId) {
        Seed seed = seeds.get(account.phoneNumber());
        if (seed == null) {
            throw new IllegalStateException("no history seeded for " + account.phoneNumber());
        }
        deliver(account, deviceId, seed);
    }

    private void linked(PhoneAccount account, LinkedDevice device) {
        Seed seed = seeds.get(account.phoneNumber());
        if (seed == null) {
            return;
        }
        Thread.ofVirtual().name("sim-history-" + account.phoneNumber()).start(() -> {
            // The phone needs the companion's keys: wait for its first login to upload prekeys.
            long deadline = System.nanoTime() + KEYS_WAIT.toNanos();
            while (account.preKeyCount(device.id()) == 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                deliver(account, device.id(), seed);
            } catch (RuntimeException e) {
                LOG.warn("history for {} device {} not sent", account.phoneNumber(), device.id(), e);
            }
        });
    }

    /** The seeded history as chunks, sent in order, each waiting for the server's ack. */
    private void deliver(PhoneAccount account, int deviceId, Seed seed) {
        List<List<Slice>> chunks = new ArrayList<>();
        List<Slice> current = new ArrayList<>();
        int inChunk = 0;
        for (Chat chat : seed.chats()) {
            List<Msg> msgs = chat.messages();
            int from = 0;
            if (msgs.isEmpty()) {
                current.add(new Slice(chat, List.of()));
            }
            while (from < msgs.size()) {
                int take = Math.min(msgs.size() - from, seed.messagesPerChunk() - inChunk);
                current.add(new Slice(chat, msgs.subList(from, from + take)));
                from += take;
                inChunk += take;
                if (inChunk == seed.messagesPerChunk()) {
                    chunks.add(current);
                    current = new ArrayList<>();
                    inChunk = 0;
                }
            }
        }
        if (!current.isEmpty() || chunks.isEmpty()) {
            chunks.add(current);
        }
        SimulatedContact phone = accounts.messaging().contact(account);
        int total = chunks.size() + 1;
        for (int i = 0; i < chunks.size(); i++) {
            HistorySync.HistorySyncType type = i == 0 ? HistorySync.HistorySyncType.INITIAL_BOOTSTRAP
                    : HistorySync.HistorySyncType.RECENT;
            int chunkOrder = i == 0 ? 1 : i;
            int progress = (i + 1) * 100 / total;
            List<Slice> slices = chunks.get(i);
            boolean mappings = i == 0;
            byte[] payload = write(type, chunkOrder, progress, w -> {
                for (Slice s : slices) {
                    w.conversation(conversation(s.chat(), s.messages()));
                }
                if (mappings) {
                    for (var e : seed.lidMappings().entrySet()) {
                        w.lidMapping(e.getKey(), e.getValue());
                    }
                }
            });
            send(phone, deviceId, type, chunkOrder, progress, payload, seed.inline(), null);
        }
        byte[] names = write(HistorySync.HistorySyncType.PUSH_NAME, 1, 100, w -> {
            for (var e : seed.pushNames().entrySet()) {
                w.pushName(e.getKey(), e.getValue());
            }
        });
        send(phone, deviceId, HistorySync.HistorySyncType.PUSH_NAME, 1, 100, names, seed.inline(), null);
    }

    private record Slice(Chat chat, List<Msg> messages) {}

    /** An on-demand request from a companion: the seeded messages of the chat older than the anchor. */
    private void answer(PhoneAccount account, Jid from, String requestId, Message message) {
        PeerDataOperationRequestMessage pdo = message.getProtocolMessage().getPeerDataOperationRequestMessage();
        if (pdo.getPeerDataOperationRequestType()
                != PeerDataOperationRequestMessage.PeerDataOperationRequestType.HISTORY_SYNC_ON_DEMAND) {
            return;
        }
        var request = pdo.getHistorySyncOnDemandRequest();
        Seed seed = seeds.get(account.phoneNumber());
        Chat chat = seed == null ? null : seed.chats().stream().filter(c -> c.jid().equals(request.getChatJid()))
                .findFirst().orElse(null);
        List<Msg> older = new ArrayList<>();
        if (chat != null) {
            for (Msg m : chat.messages()) {
                if (m.timestamp() < request.getOldestMsgTimestampMs() && !m.id().equals(request.getOldestMsgId())) {
                    older.add(m);
                }
            }
            older.sort(Comparator.comparingLong(Msg::timestamp));
            int count = Math.max(1, request.getOnDemandMsgCount());
            if (older.size() > count) {
                older = new ArrayList<>(older.subList(older.size() - count, older.size()));
            }
        }
        requests.incrementAndGet();
        List<Msg> answer = older;
        Chat target = chat != null ? chat : new Chat(request.getChatJid(), null, false, false, 0, 0, List.of());
        byte[] payload = write(HistorySync.HistorySyncType.ON_DEMAND, 1, 100,
                w -> w.conversation(conversation(target, answer).toBuilder().setEndOfHistoryTransfer(
                        chat == null || answer.size() < request.getOnDemandMsgCount()).build()));
        Thread.ofVirtual().start(() -> send(accounts.messaging().contact(account), from.device(),
                HistorySync.HistorySyncType.ON_DEMAND, 1, 100, payload, seed != null && seed.inline(), requestId));
    }

    private interface Body {
        void write(HistoryWriter w) throws IOException;
    }

    private static byte[] write(HistorySync.HistorySyncType type, int chunkOrder, int progress, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HistoryWriter w = new HistoryWriter(out, type, chunkOrder, progress)) {
            body.write(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static HistoryConversation conversation(Chat chat, List<Msg> messages) {
        HistoryConversation.Builder c = HistoryConversation.newBuilder().setId(chat.jid());
        if (chat.name() != null) {
            c.setName(chat.name());
        }
        c.setArchived(chat.archived()).setPinned(chat.pinned() ? 1 : 0).setUnreadCount(chat.unreadCount());
        if (chat.muteEndSeconds() > 0) {
            c.setMuteEndTime(chat.muteEndSeconds());
        }
        long order = 0;
        long last = 0;
        for (Msg m : messages) {
            MessageKey.Builder key = MessageKey.newBuilder().setRemoteJid(chat.jid()).setId(m.id()).setFromMe(m.fromMe());
            if (m.sender() != null && !m.fromMe()) {
                key.setParticipant(m.sender());
            }
            c.addMessages(HistorySyncMsg.newBuilder().setMsgOrderId(++order).setMessage(WebMessageInfo.newBuilder()
                    .setKey(key).setMessageTimestamp(m.timestamp())
                    .setMessage(Message.newBuilder().setConversation(m.text()))));
            last = Math.max(last, m.timestamp());
        }
        if (last > 0) {
            c.setConversationTimestamp(last);
        }
        return c.build();
    }

    private void send(SimulatedContact phone, int deviceId, HistorySync.HistorySyncType type, int chunkOrder,
                      int progress, byte[] payload, boolean inline, String requestId) {
        Damage how = Damage.NONE;
        if (damageCount.get() > 0 && damageCount.getAndDecrement() > 0) {
            how = damage;
        }
        if (how == Damage.ZLIB) {
            payload = payload.clone();
            for (int i = 2; i < payload.length; i += 7) {
                payload[i] ^= 0x5A;
            }
        }
        HistorySyncNotification.Builder n = HistorySyncNotification.newBuilder()
                .setSyncType(HistorySyncNotification.HistorySyncType.forNumber(type.getNumber()))
                .setChunkOrder(chunkOrder).setProgress(progress);
        if (requestId != null) {
            n.setPeerDataRequestSessionId(requestId);
        }
        if (inline) {
            n.setInitialHistBootstrapInlinePayload(ByteString.copyFrom(payload));
        } else {
            MediaBlob blob = media.uploadBlob(MediaType.HISTORY, payload);
            byte[] sha = blob.fileSha256();
            if (how == Damage.HASH) {
                sha[0] ^= 1;
            }
            n.setDirectPath(blob.directPath()).setMediaKey(ByteString.copyFrom(blob.mediaKey()))
                    .setFileSha256(ByteString.copyFrom(sha)).setFileEncSha256(ByteString.copyFrom(blob.fileEncSha256()))
                    .setFileLength(blob.fileLength());
        }
        Message message = Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder()
                .setType(ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION).setHistorySyncNotification(n)).build();
        try {
            phone.sendToOwnDevice(deviceId, message).join();
            notifications.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("history chunk {} #{} to device {} not sent: {}", type, chunkOrder, deviceId, e.toString());
        }
    }
}
