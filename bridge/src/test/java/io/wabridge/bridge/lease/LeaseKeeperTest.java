package io.wabridge.bridge.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wabridge.testkit.MongoBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keeper on the Mongo-wire server, with the wall clock and the monotonic clock moved by hand. */
class LeaseKeeperTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration RENEW = Duration.ofSeconds(5);

    private MongoClient client;
    private MongoDatabase db;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long nanos = 1_000_000_000L;
    private final AtomicBoolean member = new AtomicBoolean(true);
    private final List<String> lost = new ArrayList<>();
    private int recovered;
    private Counter lostCounter;
    private LeaseStore store;
    private LeaseKeeper keeper;

    @BeforeEach
    void open() {
        client = MongoClients.create(MongoBackend.MONGO_WIRE.connectionString());
        db = client.getDatabase("keeper_" + UUID.randomUUID().toString().replace("-", ""));
        store = new MongoLeaseStore(db, "t_", () -> now);
        lostCounter = new SimpleMeterRegistry().counter("lost");
        keeper = new LeaseKeeper(store, "w1", TTL, RENEW, member::get, lostCounter, () -> nanos);
        keeper.listeners(lost::addAll, () -> recovered++);
    }

    @AfterEach
    void close() {
        db.drop();
        client.close();
    }

    @Test
    void renewalsKeepLeasesAliveLongPastTheirTtl() {
        keeper.acquire("a");
        for (int i = 0; i < 20; i++) {
            advance(RENEW);
            keeper.tick();
        }
        assertTrue(lost.isEmpty(), "lost: " + lost);
        assertInstanceOf(LeaseAttempt.HeldElsewhere.class, store.acquire("a", "w2", TTL), "100 s later still ours");
    }

    @Test
    void aLeaseTakenByANewerOwnerIsReportedLostOnTheNextRenewal() {
        keeper.acquire("a");
        keeper.acquire("b");
        advance(TTL.plusSeconds(1)); // as if this worker had been paused: "b" is taken meanwhile
        assertInstanceOf(LeaseAttempt.Acquired.class, store.acquire("b", "w2", TTL));

        keeper.tick();

        assertEquals(List.of("b"), lost, "expired but untaken, \"a\" is safely renewed; \"b\" is gone");
        assertEquals(1.0, lostCounter.count());
        assertFalse(keeper.holds("b"));
        assertTrue(keeper.holds("a"));
    }

    @Test
    void renewalFindsTheLeasesAnotherWorkerTookWhileThisOneWasStillConfirmed() {
        keeper.acquire("a");
        keeper.acquire("b");
        // "b" is taken by force (an operator, a newer worker after clock skew): the renewal matches one lease only
        db.getCollection("t_leases").updateOne(new org.bson.Document("_id", "b"),
                new org.bson.Document("$set", new org.bson.Document("owner", "w2")));
        advance(RENEW);

        keeper.tick();

        assertEquals(List.of("b"), lost);
        assertTrue(keeper.holds("a"));
    }

    @Test
    void withoutKafkaGroupContactLeasesAreNotRenewedAndGivenUpBeforeTheyExpire() {
        keeper.acquire("a");
        member.set(false);
        for (int i = 0; i < 4; i++) {
            advance(RENEW);
            keeper.tick();
        }
        assertTrue(lost.isEmpty(), "20 s without renewal: still inside ttl minus safety");
        advance(RENEW);
        keeper.tick();
        assertEquals(List.of("a"), lost, "25 s: given up before the 30 s expiry, so a new owner never overlaps");
        advance(TTL);
        assertInstanceOf(LeaseAttempt.Acquired.class, store.acquire("a", "w2", TTL), "expired for everyone else");

        member.set(true);
        keeper.acquire("c");
        advance(RENEW);
        keeper.tick();
        assertEquals(1, recovered, "renewals work again: the owned sessions are resumed");
    }

    /**
     * The soak's CI failure (seed 26611643834959): the group lost sight of a worker, its keeper gave every lease up,
     * the group moved the partitions on; then the worker's heartbeats came back and its renewals extended every lease
     * still naming it, the given-up ones included, so the new owner waited for a lease that never ran out.
     */
    @Test
    void aLeaseGivenUpIsNotRenewedWhenRenewalsWorkAgainSoTheNextOwnerGetsIt() {
        keeper.acquire("a");
        member.set(false);
        for (int i = 0; i < 5; i++) {
            advance(RENEW);
            keeper.tick();
        }
        assertEquals(List.of("a"), lost, "given up at 25 s");
        member.set(true); // heartbeats are back: the keeper renews again, for the leases it still holds
        keeper.acquire("b");
        advance(Duration.ofSeconds(3));
        keeper.tick();
        assertEquals(1, recovered);
        assertInstanceOf(LeaseAttempt.HeldElsewhere.class, store.acquire("a", "w2", TTL),
                "28 s: not expired yet (the keeper gave it up with a margin)");
        for (int i = 0; i < 3; i++) {
            advance(RENEW);
            keeper.tick();
            assertTrue(keeper.holds("b"));
        }
        assertInstanceOf(LeaseAttempt.Acquired.class, store.acquire("a", "w2", TTL),
                "43 s: the given-up lease ran out at 30 s although the keeper renewed meanwhile");
        assertInstanceOf(LeaseAttempt.HeldElsewhere.class, store.acquire("b", "w2", TTL), "b still renewed");
    }

    private void advance(Duration d) {
        now = now.plus(d);
        nanos += d.toNanos();
    }
}
