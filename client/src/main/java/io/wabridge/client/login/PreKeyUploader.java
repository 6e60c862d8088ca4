package io.wabridge.client.login;

import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.auth.ClientPayloadFactory;
import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.signal.store.PreKeyRecords;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.PreKeyStore;
import io.wabridge.client.store.SignedPreKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import io.wabridge.client.session.OnExecutor;

/**
 * Keeps enough one-time prekeys on the server. Keys are generated and stored (and the credentials' next id
 * advanced) BEFORE they are uploaded, so a crash never reuses an id the server may already hand out; the
 * "first not uploaded" mark moves only once the server accepted them. Uploaded keys stay in the store until a
 * peer consumes one. Runs on the session executor; one upload at a time. The prekeys are read and stored on the
 * store I/O executor, never on the session's; the upload goes out once they are stored.
 */
public final class PreKeyUploader {
    private final StanzaRouter router;
    private final CredentialsCell credentials;
    private final PreKeyStore store;
    private final PreKeySettings settings;
    private final Consumer<ClientEvent> events;
    private final Executor io;
    private final Executor session;
    private CompletableFuture<Void> running;

    /**
     * @param io      the store I/O executor ({@code ClientRuntime.storeIo()}), where the prekeys are read and stored
     * @param session the account's serial executor (this class's), where the upload continues once they are
     */
    public PreKeyUploader(StanzaRouter router, CredentialsCell credentials, PreKeyStore store, PreKeySettings settings,
                          Consumer<ClientEvent> events, Executor io, Executor session) {
        this.io = io;
        this.session = session;
        this.router = router;
        this.credentials = credentials;
        this.store = store;
        this.settings = settings;
        this.events = events;
    }

    /** The server's count ({@code <iq xmlns=encrypt type=get><count/>} answered with {@code <count value>}). */
    public CompletableFuture<Integer> serverCount() {
        Node query = Node.builder("iq").attr("xmlns", "encrypt").attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.of("count")).build();
        return router.sendIq(query, settings.iqTimeout()).thenApply(response -> {
            Node count = response.child("count");
            String value = count == null ? null : count.attr("value");
            if (value == null) {
                throw new IllegalStateException("prekey count answer lacks <count value>: " + response);
            }
            return Integer.parseInt(value);
        });
    }

    /** Asks the server how many it holds and uploads a batch if that is below the threshold. */
    public CompletableFuture<Void> topUp() {
        return serverCount().thenCompose(count -> {
            if (count >= settings.minServerCount()) {
                return CompletableFuture.completedFuture(null);
            }
            return upload(count == 0 ? settings.initialBatchSize() : settings.batchSize(), count);
        });
    }

    /** The server reported {@code count} left (an encrypt notification). */
    public CompletableFuture<Void> onServerCount(int count) {
        if (count >= settings.minServerCount()) {
            return CompletableFuture.completedFuture(null);
        }
        return upload(count == 0 ? settings.initialBatchSize() : settings.batchSize(), count);
    }

    /** Generates (as needed), stores and uploads {@code count} keys from the first not yet uploaded id. */
    public CompletableFuture<Void> upload(int count, int serverCountBefore) {
        if (running != null && !running.isDone()) {
            return running;
        }
        Credentials c = credentials.get();
        int first = c.firstUnuploadedPreKeyId();
        int end = first + count; // exclusive
        if (end - 1 > 0xFFFFFF) {
            return CompletableFuture.failedFuture(new IllegalStateException("prekey ids exhausted (3-byte ids)"));
        }
        List<Integer> ids = new ArrayList<>(count);
        for (int id = first; id < end; id++) {
            ids.add(id);
        }
        running = OnExecutor.storeCall(() -> storedPublics(ids), io, session).thenCompose(publics -> {
            Credentials now = credentials.get();
            if (now.nextPreKeyId() < end) {
                now = credentials.save(now.toBuilder().nextPreKeyId(end).build());
            }
            Credentials naming = now; // the next id stored (behind) before the upload names the new keys
            return credentials.stored().thenCompose(v -> router.sendIq(uploadStanza(naming, publics), settings.iqTimeout()));
        }).thenAccept(ok -> {
            Credentials now = credentials.get();
            if (now.firstUnuploadedPreKeyId() < end) {
                credentials.save(now.toBuilder().firstUnuploadedPreKeyId(end).build());
            }
            events.accept(new ClientEvent.PreKeysUploaded(count, first, end - 1, serverCountBefore));
        });
        return running;
    }

    /**
     * On the store I/O executor: the public keys of {@code ids}, those not stored yet generated and stored first (a
     * crash after this never reuses their ids with other keys).
     */
    private Map<Integer, byte[]> storedPublics(List<Integer> ids) {
        Map<Integer, byte[]> records = new HashMap<>(store.loadAll(ids));
        Map<Integer, byte[]> generated = new HashMap<>();
        Map<Integer, byte[]> publics = new LinkedHashMap<>();
        for (int id : ids) {
            byte[] record = records.get(id);
            if (record == null) {
                PreKeyRecords.GeneratedPreKey key = PreKeyRecords.generatePreKey(id);
                generated.put(id, key.record());
                publics.put(id, key.publicKey());
            } else {
                publics.put(id, PreKeyRecords.preKeyPublic(record));
            }
        }
        if (!generated.isEmpty()) {
            store.storeAll(generated);
        }
        return publics;
    }

    /**
     * {@code <iq xmlns=encrypt type=set><registration/><type/><identity/><list><key><id/><value/></key>..</list>
     * <skey><id/><value/><signature/></skey></iq>}.
     */
    public static Node uploadStanza(Credentials c, Map<Integer, byte[]> publicKeys) {
        List<Node> keys = new ArrayList<>(publicKeys.size());
        for (var entry : publicKeys.entrySet()) {
            keys.add(Node.builder("key").children(
                    Node.builder("id").bytes(BigEndian.bytes(entry.getKey(), 3)).build(),
                    Node.builder("value").bytes(entry.getValue()).build()).build());
        }
        return Node.builder("iq").attr("xmlns", "encrypt").attr("type", "set").attr("to", Jid.SERVER)
                .children(
                        Node.builder("registration").bytes(BigEndian.bytes(c.registrationId(), 4)).build(),
                        Node.builder("type").bytes(new byte[] {XEdDsa.DJB_TYPE}).build(),
                        Node.builder("identity").bytes(c.identityKey().publicKey()).build(),
                        Node.builder("list").children(keys).build(),
                        signedPreKeyNode(c.signedPreKey()))
                .build();
    }

    /** {@code <skey><id 3B/><value 32B/><signature 64B/></skey>}. */
    public static Node signedPreKeyNode(SignedPreKey key) {
        return Node.builder("skey").children(
                Node.builder("id").bytes(BigEndian.bytes(key.id(), 3)).build(),
                Node.builder("value").bytes(key.keyPair().publicKey()).build(),
                Node.builder("signature").bytes(key.signature()).build()).build();
    }
}
