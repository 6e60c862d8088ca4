package io.wabridge.bridge.session;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wabridge.bridge.lease.Lease;
import io.wabridge.bridge.lease.LeaseAttempt;
import io.wabridge.bridge.lease.LeaseKeeper;
import io.wabridge.bridge.lease.LeaseStore;
import io.wabridge.bridge.lease.MongoLeaseStore;
import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.testkit.MongoBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second cause of the soak's CI failure: a session was dropped from the worker's table while an attempt to take its
 * lease was still running outside any step (a copy stopped for a lost lease that a command waited for starts again that
 * way). The attempt then took the lease and started a client nobody listed or stopped, and WhatsApp played it off
 * against the session's listed copy. Here on a real lease store (the Mongo-wire server), with no client started.
 */
class SessionRetireTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private MongoClient mongo;
    private MongoDatabase db;
    private ClientRuntime runtime;
    private LeaseStore leases;
    private SessionManager manager;

    @BeforeEach
    void open() {
        mongo = MongoClients.create(MongoBackend.MONGO_WIRE.connectionString());
        db = mongo.getDatabase("retire_" + UUID.randomUUID().toString().replace("-", ""));
        leases = new MongoLeaseStore(db, "t_", Clock.systemUTC());
        runtime = ClientRuntime.create();
        LeaseKeeper keeper = new LeaseKeeper(leases, "w1", TTL, Duration.ofSeconds(5), () -> true,
                new SimpleMeterRegistry().counter("lost"));
        manager = new SessionManager(runtime, WaClientConfig.defaults(), new MemoryStoreProvider(),
                new MongoSessionRegistry(db, "t_", Clock.systemUTC()), new SessionStates(new SimpleMeterRegistry()),
                keeper, 4, Duration.ofSeconds(30), 100);
        manager.assign(List.of(0), 1);
    }

    @AfterEach
    void close() {
        runtime.close();
        db.drop();
        mongo.close();
    }

    @Test
    void aSessionIsNotRetiredWhileItsLeaseIsBeingTakenAndAnAttemptForADroppedSessionStops() throws Exception {
        Lease elsewhere = assertInstanceOf(LeaseAttempt.Acquired.class, leases.acquire("s", "w2", TTL)).lease();
        Session s = manager.submit("s", 0, CompletableFuture::completedFuture).get(30, TimeUnit.SECONDS);
        CompletableFuture<CompletableFuture<Void>> attempt = new CompletableFuture<>();
        s.lane().execute(() -> attempt.complete(manager.lease(s))); // waits: w2 holds it
        CompletableFuture<Void> taken = attempt.get(30, TimeUnit.SECONDS);

        manager.retireIfUnused(s);
        onLane(s, () -> true); // the retire check ran
        assertSame(s, manager.find("s").orElseThrow(), "kept while its lease attempt runs");

        leases.release(elsewhere, "w2");
        taken.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(onLane(s, () -> s.lease != null && manager.find("s").orElse(null) == s),
                "the lease went to the session this worker lists");

        // The session is dropped (its partition let go) while another attempt waits: that attempt gives up.
        Session t = manager.submit("t", 0, CompletableFuture::completedFuture).get(30, TimeUnit.SECONDS);
        Lease tElsewhere = assertInstanceOf(LeaseAttempt.Acquired.class, leases.acquire("t", "w2", TTL)).lease();
        CompletableFuture<CompletableFuture<Void>> tAttempt = new CompletableFuture<>();
        t.lane().execute(() -> tAttempt.complete(manager.lease(t)));
        CompletableFuture<Void> tTaken = tAttempt.get(30, TimeUnit.SECONDS);
        manager.release(List.of(0)).get(30, TimeUnit.SECONDS);
        manager.assign(List.of(0), 1); // owned again, but "t" is no longer run here
        leases.release(tElsewhere, "w2");
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> tTaken.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(NotOwnedException.class, failed.getCause());
        assertTrue(manager.find("t").isEmpty());
        assertInstanceOf(LeaseAttempt.Acquired.class, leases.acquire("t", "w3", TTL), "nobody took it for the dropped copy");
    }

    /**
     * A partition lost and assigned here again in one rebalance: its sessions' release is queued, and the resume that
     * follows at once is queued behind it on the same session. It must run on the session's next entry, not on the
     * dropped one (where it took a lease and started a client nobody listed: the soak at load 50, pairing).
     */
    @Test
    void aStepQueuedBehindItsSessionsReleaseRunsOnTheSessionsNextEntry() throws Exception {
        CompletableFuture<Void> busy = new CompletableFuture<>();
        Session before = manager.submit("u", 0, CompletableFuture::completedFuture).get(30, TimeUnit.SECONDS);
        manager.submit("u", 0, x -> busy); // a command still running when the partition goes
        CompletableFuture<Void> released = manager.release(List.of(0));
        manager.assign(List.of(0), 1);
        CompletableFuture<Session> ranOn = manager.submit("u", 0, CompletableFuture::completedFuture);
        busy.complete(null);
        released.get(30, TimeUnit.SECONDS);

        Session after = ranOn.get(30, TimeUnit.SECONDS);
        assertTrue(after != before, "not on the released session");
        assertSame(after, manager.find("u").orElseThrow(), "on the one this worker lists now");
    }

    /** Runs {@code check} on the session's lane after what is queued there, and returns its answer. */
    private static boolean onLane(Session s, BooleanSupplier check) throws Exception {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        s.lane().execute(() -> answer.complete(check.getAsBoolean()));
        return answer.get(30, TimeUnit.SECONDS);
    }
}
