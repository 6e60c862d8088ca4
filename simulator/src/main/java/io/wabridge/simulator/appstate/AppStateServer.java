package io.wabridge.simulator.appstate;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.appstate.AppStateCollection;
import io.wabridge.client.appstate.AppStateException;
import io.wabridge.client.appstate.ChatAction;
import io.wabridge.client.appstate.LtHash;
import io.wabridge.client.appstate.MutationKeys;
import io.wabridge.client.appstate.PatchDecoder;
import io.wabridge.client.appstate.PatchEncoder;
import io.wabridge.client.appstate.SyncdCrypto;
import io.wabridge.client.binary.Node;
import io.wabridge.client.media.MediaType;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.IndexValueMac;
import io.wabridge.proto.wa.AppStateSyncKey;
import io.wabridge.proto.wa.AppStateSyncKeyData;
import io.wabridge.proto.wa.AppStateSyncKeyFingerprint;
import io.wabridge.proto.wa.AppStateSyncKeyId;
import io.wabridge.proto.wa.AppStateSyncKeyShare;
import io.wabridge.proto.wa.ExternalBlobReference;
import io.wabridge.proto.wa.KeyId;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.ProtocolMessage;
import io.wabridge.proto.wa.SyncdPatch;
import io.wabridge.proto.wa.SyncdRecord;
import io.wabridge.proto.wa.SyncdSnapshot;
import io.wabridge.proto.wa.SyncdVersion;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.messaging.MessagingService;
import io.wabridge.simulator.server.ServerIds;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** See the package documentation. Thread-safe: each account's state changes under its own lock. */
public final class AppStateServer {
    private static final Logger LOG = LoggerFactory.getLogger(AppStateServer.class);
    static final String XMLNS = "w:sync:app:state";
    /** Patches per fetch answer; more sets has_more_patches. */
    public static final int PAGE = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MessagingService messaging;
    private final Clock clock;
    private final Map<String, AccountState> accounts = new ConcurrentHashMap<>();
    private volatile BiFunction<MediaType, byte[], ExternalBlobReference> blobs;
    private volatile boolean shareKeys;

    public AppStateServer(MessagingService messaging, Clock clock) {
        this.messaging = messaging;
        this.clock = clock;
    }

    /** Where snapshots are uploaded (the simulator's media server). */
    public void blobs(BiFunction<MediaType, byte[], ExternalBlobReference> uploader) {
        this.blobs = uploader;
    }

    /** One collection on the server: its patches (patch i has version i + 1), live records and LTHash. */
    private static final class Collection1 {
        final String name;
        final List<SyncdPatch> patches = new ArrayList<>();
        final Map<String, SyncdRecord> records = new LinkedHashMap<>();
        final Map<String, byte[]> valueMacs = new LinkedHashMap<>();
        AppStateVersion state;

        Collection1(String name) {
            this.name = name;
            this.state = new AppStateVersion(name, 0, LtHash.empty());
        }
    }

    /** An account's sync key (the primary's) and collections. */
    private final class AccountState {
        final byte[] keyId;
        final byte[] keyData;
        final long keyTimestamp;
        final Map<String, Collection1> collections = new LinkedHashMap<>();
        final Set<Integer> keysSharedWith = new HashSet<>();
        final PatchDecoder decoder;
        final PatchEncoder encoder = new PatchEncoder(RANDOM);
        int corruptPatches;
        int corruptSnapshots;

        AccountState() {
            keyId = new byte[] {0, 0, 0, 1, (byte) RANDOM.nextInt(256), (byte) RANDOM.nextInt(256)};
            keyData = new byte[32];
            RANDOM.nextBytes(keyData);
            keyTimestamp = clock.millis();
            MutationKeys keys = MutationKeys.derive(keyData);
            decoder = new PatchDecoder(id -> Arrays.equals(id, keyId) ? Optional.of(keys) : Optional.empty());
            for (AppStateCollection c : AppStateCollection.values()) {
                collections.put(c.wireName(), new Collection1(c.wireName()));
            }
        }
    }

    private AccountState state(PhoneAccount account) {
        return accounts.computeIfAbsent(account.phoneNumber(), n -> new AccountState());
    }

    // ---- what tests and the control API see and do ----

    /** A collection's version and LTHash on the server. */
    public AppStateVersion collection(PhoneAccount account, String name) {
        AccountState s = state(account);
        synchronized (s) {
            return require(s, name).state;
        }
    }

    /** The primary phone changes chat state (archive on the phone, ...): a new patch, pushed to every companion. */
    public long phoneChange(PhoneAccount account, List<ChatAction> actions) throws AppStateException {
        AccountState s = state(account);
        long version;
        synchronized (s) {
            Map<AppStateCollection, List<ChatAction>> by = new LinkedHashMap<>();
            actions.forEach(a -> by.computeIfAbsent(a.collection(), c -> new ArrayList<>()).add(a));
            version = 0;
            for (var e : by.entrySet()) {
                Collection1 c = require(s, e.getKey().wireName());
                PatchEncoder.Encoded encoded = s.encoder.encode(e.getKey(), c.state, e.getValue(), s.keyId,
                        MutationKeys.derive(s.keyData), clock.millis(), macs -> prior(c, macs), s.decoder);
                accept(c, encoded.patch().toBuilder().setVersion(SyncdVersion.newBuilder().setVersion(c.state.version() + 1)).build(),
                        encoded.result());
                version = c.state.version();
            }
        }
        for (AppStateCollection c : collectionsOf(actions)) {
            notifyDevices(account, c.wireName(), -1);
        }
        return version;
    }

    /** The next {@code count} patches served get a broken patch MAC (a client's bad-input tests). */
    public void corruptNextPatches(PhoneAccount account, int count) {
        AccountState s = state(account);
        synchronized (s) {
            s.corruptPatches = count;
        }
    }

    /** The next {@code count} snapshots served get a broken snapshot MAC (a client's snapshot-fatal tests). */
    public void corruptNextSnapshots(PhoneAccount account, int count) {
        AccountState s = state(account);
        synchronized (s) {
            s.corruptSnapshots = count;
        }
    }

    /**
     * Whether phones share their sync key with companions at login, as WhatsApp's do. Off by default, so that tests
     * watching a device's raw stanzas or the phone's prekeys see nothing new; app-state tests, the standalone
     * simulator and the demo turn it on.
     */
    public void shareKeys(boolean on) {
        this.shareKeys = on;
    }

    /** The phone shares its sync key with a companion that has not got it yet (done at each login). */
    public void loggedIn(PhoneAccount account, int deviceId) {
        if (shareKeys) {
            share(account, deviceId);
        }
    }

    /** The phone shares its sync key now with every linked companion that has not got it (whatever {@link #shareKeys}). */
    public void shareKeysNow(PhoneAccount account) {
        for (int deviceId : account.deviceIds()) {
            if (deviceId != 0) {
                share(account, deviceId);
            }
        }
    }

    private void share(PhoneAccount account, int deviceId) {
        AccountState s = state(account);
        synchronized (s) {
            if (!s.keysSharedWith.add(deviceId)) {
                return;
            }
        }
        Message share = Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder()
                .setType(ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE)
                .setAppStateSyncKeyShare(AppStateSyncKeyShare.newBuilder().addKeys(AppStateSyncKey.newBuilder()
                        .setKeyId(AppStateSyncKeyId.newBuilder().setKeyId(ByteString.copyFrom(s.keyId)))
                        .setKeyData(AppStateSyncKeyData.newBuilder().setKeyData(ByteString.copyFrom(s.keyData))
                                .setFingerprint(AppStateSyncKeyFingerprint.newBuilder().setRawId(account.advRawId())
                                        .setCurrentIndex(0).addDeviceIndexes(0))
                                .setTimestamp(s.keyTimestamp))))).build();
        messaging.contact(account).sendToOwnDevices(share, List.of(deviceId)).whenComplete((id, failure) -> {
            if (failure != null) {
                LOG.warn("app-state key share to {}:{} failed: {}", account.phoneNumber(), deviceId, failure.toString());
                synchronized (s) {
                    s.keysSharedWith.remove(deviceId);
                }
            }
        });
    }

    // ---- the iq ----

    /** Answers {@code w:sync:app:state} iqs of a logged-in device. */
    public void install(ServerSession session, PhoneAccount account, int deviceId) {
        session.router().on(StanzaMatcher.iq("set", XMLNS), iq -> session.send(answer(account, deviceId, iq)));
    }

    Node answer(PhoneAccount account, int deviceId, Node iq) {
        Node sync = iq.child("sync");
        if (sync == null) {
            return ServerStanzas.iqError(iq, 400, "bad-request");
        }
        AccountState s = state(account);
        List<Node> out = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Node request : sync.children("collection")) {
            String name = request.attr("name", "");
            synchronized (s) {
                Collection1 c = s.collections.get(name);
                if (c == null) {
                    out.add(error(name, 404, "item-not-found"));
                    continue;
                }
                Node patch = request.child("patch");
                out.add(patch != null ? receivePatch(s, c, request, patch) : serve(s, c, request));
                if (patch != null && "result".equals(out.getLast().attr("type"))) {
                    changed.add(name);
                }
            }
        }
        for (String name : changed) {
            notifyDevices(account, name, deviceId);
        }
        return ServerStanzas.iqResult(iq, Node.builder("sync").children(out).build());
    }

    private Node serve(AccountState s, Collection1 c, Node request) {
        long from = parse(request.attr("version"), -1);
        boolean snapshot = from < 0 || "true".equals(request.attr("return_snapshot"));
        var answer = Node.builder("collection").attr("name", c.name).attr("version", c.state.version());
        if (snapshot && c.state.version() > 0) {
            answer.child(Node.builder("snapshot").bytes(snapshotBlob(s, c).toByteArray()).build());
            return answer.build();
        }
        long start = Math.max(0, from);
        List<Node> patches = new ArrayList<>();
        for (long v = start + 1; v <= c.state.version() && patches.size() < PAGE; v++) {
            SyncdPatch p = c.patches.get((int) v - 1);
            if (s.corruptPatches > 0) {
                s.corruptPatches--;
                byte[] mac = p.getPatchMac().toByteArray();
                mac[0] ^= 1;
                p = p.toBuilder().setPatchMac(ByteString.copyFrom(mac)).build();
            }
            patches.add(Node.builder("patch").bytes(p.toByteArray()).build());
        }
        if (start + patches.size() < c.state.version()) {
            answer.attr("has_more_patches", "true");
        }
        if (!patches.isEmpty()) {
            answer.child(Node.builder("patches").children(patches).build());
        }
        return answer.build();
    }

    private ExternalBlobReference snapshotBlob(AccountState s, Collection1 c) {
        byte[] snapshotMac = SyncdCrypto.snapshotMac(MutationKeys.derive(s.keyData), c.state.hash(), c.state.version(), c.name);
        if (s.corruptSnapshots > 0) {
            s.corruptSnapshots--;
            snapshotMac[0] ^= 1;
        }
        SyncdSnapshot snapshot = SyncdSnapshot.newBuilder().setVersion(SyncdVersion.newBuilder().setVersion(c.state.version()))
                .addAllRecords(c.records.values()).setMac(ByteString.copyFrom(snapshotMac))
                .setKeyId(KeyId.newBuilder().setId(ByteString.copyFrom(s.keyId))).build();
        var uploader = blobs;
        if (uploader == null) {
            throw new IllegalStateException("no media server for app-state snapshots");
        }
        return uploader.apply(MediaType.APP_STATE, snapshot.toByteArray());
    }

    /** A companion's patch: applies on the current version only (else 409), must verify (else 400). */
    private Node receivePatch(AccountState s, Collection1 c, Node request, Node patchNode) {
        long base = parse(request.attr("version"), -1);
        if (base != c.state.version()) {
            return error(c.name, 409, "conflict");
        }
        try {
            SyncdPatch patch = SyncdPatch.parseFrom(patchNode.bytes()).toBuilder()
                    .setVersion(SyncdVersion.newBuilder().setVersion(base + 1)).build();
            PatchDecoder.Result result = s.decoder.patch(c.name, c.state, patch, patch.getMutationsList(), macs -> prior(c, macs));
            accept(c, patch, result);
        } catch (InvalidProtocolBufferException | AppStateException e) {
            LOG.info("refused an app-state patch on {}: {}", c.name, e.getMessage());
            return error(c.name, 400, "bad-request");
        }
        return Node.builder("collection").attr("name", c.name).attr("version", c.state.version()).attr("type", "result").build();
    }

    private static void accept(Collection1 c, SyncdPatch patch, PatchDecoder.Result result) {
        c.patches.add(patch);
        for (byte[] removed : result.removes()) {
            String k = hex(removed);
            c.valueMacs.remove(k);
            c.records.remove(k);
        }
        for (IndexValueMac put : result.puts()) {
            c.valueMacs.put(hex(put.indexMac()), put.valueMac());
        }
        for (var m : patch.getMutationsList()) {
            String k = hex(m.getRecord().getIndex().getBlob().toByteArray());
            if (c.valueMacs.containsKey(k)) {
                c.records.put(k, m.getRecord());
            }
        }
        c.state = result.next();
    }

    private static List<IndexValueMac> prior(Collection1 c, Collection<byte[]> indexMacs) {
        List<IndexValueMac> found = new ArrayList<>();
        for (byte[] i : indexMacs) {
            byte[] v = c.valueMacs.get(hex(i));
            if (v != null) {
                found.add(new IndexValueMac(i, v));
            }
        }
        return found;
    }

    /** {@code <notification type="server_sync">} to every connected device of the account but {@code except}. */
    private void notifyDevices(PhoneAccount account, String collection, int except) {
        long version = collection(account, collection).version();
        for (int deviceId : account.connectedDevices()) {
            if (deviceId == except || deviceId == 0) {
                continue;
            }
            account.push(deviceId, Node.builder("notification").attr("id", ServerIds.next()).attr("from", account.jid())
                    .attr("type", "server_sync").attr("t", clock.instant().getEpochSecond())
                    .child(Node.builder("collection").attr("name", collection).attr("version", version).build()).build());
        }
    }

    private static Collection1 require(AccountState s, String name) {
        Collection1 c = s.collections.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no app-state collection " + name);
        }
        return c;
    }

    private static Set<AppStateCollection> collectionsOf(List<ChatAction> actions) {
        Set<AppStateCollection> out = new java.util.LinkedHashSet<>();
        actions.forEach(a -> out.add(a.collection()));
        return out;
    }

    private static Node error(String name, int code, String text) {
        return Node.builder("collection").attr("name", name).attr("type", "error")
                .child(Node.builder("error").attr("code", code).attr("text", text).build()).build();
    }

    private static long parse(String s, long fallback) {
        try {
            return s == null ? fallback : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

}
