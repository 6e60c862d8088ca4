package io.wabridge.client.login;

import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.auth.CredentialsFactory;
import io.wabridge.client.signal.store.PreKeyRecords;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.session.OnExecutor;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.SignedPreKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the signed prekey every {@link PreKeySettings#signedPreKeyRotation()} while logged in
 * ({@code <iq xmlns=encrypt type=set><rotate><skey>..}). The new record is stored before it is sent (a peer may
 * use it as soon as the server has it); the credentials switch to it once the server accepted; the previous one
 * stays for messages already on their way and older ones are removed. The store is read and written on the store
 * I/O executor, never on the session's.
 */
public final class SignedPreKeyRotation {
    private static final Logger LOG = LoggerFactory.getLogger(SignedPreKeyRotation.class);

    private final StanzaRouter router;
    private final CredentialsCell credentials;
    private final SignedPreKeyStore store;
    private final PreKeySettings settings;
    private final Scheduler scheduler;
    private final Executor executor;
    private final Executor io;
    private final Clock clock;
    private final Consumer<ClientEvent> events;
    private Scheduler.Cancellable timer;
    private boolean stopped;

    public SignedPreKeyRotation(StanzaRouter router, CredentialsCell credentials, SignedPreKeyStore store,
                                PreKeySettings settings, Scheduler scheduler, Executor executor, Executor io,
                                Clock clock, Consumer<ClientEvent> events) {
        this.io = io;
        this.router = router;
        this.credentials = credentials;
        this.store = store;
        this.settings = settings;
        this.scheduler = scheduler;
        this.executor = executor;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Rotates now if the current key is due, else schedules it: the key's age is read on the store I/O executor (a
     * failure is reported as a warning and the check tried again in an hour).
     */
    public void start() {
        SignedPreKey current = credentials.get().signedPreKey();
        long now = clock.millis();
        OnExecutor.storeCall(() -> {
            Optional<byte[]> record = store.load(current.id());
            if (record.isEmpty()) {
                // Unknown age (credentials from elsewhere): record it as of now so the schedule has a start.
                store.store(current.id(), PreKeyRecords.signedPreKeyRecordBytes(current, now));
                return now;
            }
            return PreKeyRecords.signedPreKeyTimestamp(record.get());
        }, io, executor).whenComplete((created, failure) -> {
            if (failure != null) {
                LOG.warn("signed prekey age not read, checking again in an hour: {}", failure.toString());
                events.accept(new ClientEvent.Warning("signed prekey rotation not scheduled: " + failure.getMessage()));
                schedule(Duration.ofHours(1));
                return;
            }
            long dueIn = created + settings.signedPreKeyRotation().toMillis() - clock.millis();
            schedule(Duration.ofMillis(Math.max(0, dueIn)));
        });
    }

    public void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void schedule(Duration delay) {
        if (!stopped) {
            timer = scheduler.schedule(() -> executor.execute(this::rotate), delay);
        }
    }

    private void rotate() {
        if (stopped) {
            return;
        }
        Credentials c = credentials.get();
        SignedPreKey previous = c.signedPreKey();
        int newId = previous.id() >= 0xFFFFFF ? 1 : previous.id() + 1;
        SignedPreKey next = CredentialsFactory.signedPreKey(c.identityKey(), newId);
        byte[] record = PreKeyRecords.signedPreKeyRecordBytes(next, clock.millis());
        Node iq = Node.builder("iq").attr("xmlns", "encrypt").attr("type", "set").attr("to", Jid.SERVER)
                .children(Node.builder("rotate").children(PreKeyUploader.signedPreKeyNode(next)).build()).build();
        OnExecutor.storeCall(() -> {
            store.store(newId, record); // stored before the server has it
            return null;
        }, io, executor).thenCompose(stored -> router.sendIq(iq, settings.iqTimeout())).whenComplete((ok, failure) -> {
            if (stopped) {
                return;
            }
            if (failure != null) {
                LOG.warn("signed prekey rotation refused, retrying in an hour: {}", failure.getMessage());
                events.accept(new ClientEvent.Warning("signed prekey rotation failed: " + failure.getMessage()));
                schedule(Duration.ofHours(1));
                return;
            }
            credentials.save(credentials.get().toBuilder().signedPreKey(next).build());
            OnExecutor.storeCall(() -> {
                List<Integer> stale = new ArrayList<>();
                for (int id : store.loadAll().keySet()) {
                    if (id != newId && id != previous.id()) {
                        stale.add(id);
                    }
                }
                stale.forEach(store::remove);
                return null;
            }, io, executor).whenComplete((removed, failed) -> {
                if (failed != null) {
                    LOG.warn("old signed prekeys not removed (the next rotation tries again): {}", failed.toString());
                }
                events.accept(new ClientEvent.SignedPreKeyRotated(newId));
                schedule(settings.signedPreKeyRotation());
            });
        });
    }
}
