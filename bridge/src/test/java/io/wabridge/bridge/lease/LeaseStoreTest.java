package io.wabridge.bridge.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.storage.BridgeBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(BridgeBackend.class)
class LeaseStoreTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    @Parameter
    BridgeBackend backend;

    private BridgeBackend.Fixture storage;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private LeaseStore leases;

    @BeforeEach
    void open() {
        storage = backend.open("leases");
        leases = storage.leases(() -> now);
        leases.createIndexes();
    }

    @AfterEach
    void close() {
        if (storage != null) { // null when the backend skipped itself
            storage.close();
        }
    }

    @Test
    void aFreeLeaseIsTakenWithEpochOneAndAgainWithAHigherEpochAfterRelease() {
        Lease first = acquired(leases.acquire("acme", "w1", TTL));
        assertEquals(1, first.epoch());
        assertTrue(leases.release(first, "w1"));

        Lease second = acquired(leases.acquire("acme", "w2", TTL));
        assertEquals(2, second.epoch(), "every acquisition raises the epoch");
        assertFalse(leases.release(first, "w1"), "a lease given up once cannot be released again");
    }

    @Test
    void aHeldLeaseIsRefusedUntilItExpires() {
        acquired(leases.acquire("acme", "w1", TTL));

        LeaseAttempt.HeldElsewhere held = assertInstanceOf(LeaseAttempt.HeldElsewhere.class,
                leases.acquire("acme", "w2", TTL));
        assertEquals("w1", held.owner());
        assertEquals(now.plus(TTL), held.expiresAt());

        now = now.plus(TTL).plusMillis(1);
        assertEquals(2, acquired(leases.acquire("acme", "w2", TTL)).epoch(), "expired: anyone may take it");
        assertInstanceOf(LeaseAttempt.HeldElsewhere.class, leases.acquire("acme", "w1", TTL));
    }

    @Test
    void renewalExtendsOnlyTheOwnersLeasesAndShowsWhichWereLost() {
        acquired(leases.acquire("a", "w1", TTL));
        acquired(leases.acquire("b", "w1", TTL));
        acquired(leases.acquire("c", "w2", TTL));

        now = now.plusSeconds(20);
        assertEquals(2, leases.renew("w1", List.of("a", "b", "c"), TTL), "c is w2's");
        now = now.plusSeconds(20); // w2's lease expired, w1's were renewed
        assertInstanceOf(LeaseAttempt.HeldElsewhere.class, leases.acquire("a", "w2", TTL));
        acquired(leases.acquire("c", "w1", TTL));

        now = now.plusSeconds(31); // w1 stopped renewing: w2 takes "b"
        acquired(leases.acquire("b", "w2", TTL));
        assertEquals(2, leases.renew("w1", List.of("a", "b", "c"), TTL), "a and c");
        assertEquals(Set.of("a", "c"), leases.heldBy("w1", List.of("a", "b", "c")));
    }

    @Test
    void renewalExtendsOnlyTheListedLeasesSoAGivenUpOneRunsOut() {
        acquired(leases.acquire("kept", "w1", TTL));
        acquired(leases.acquire("given-up", "w1", TTL)); // the keeper stopped its session without reaching the store
        assertEquals(0, leases.renew("w1", List.of(), TTL), "nothing listed, nothing renewed");

        now = now.plusSeconds(20);
        assertEquals(1, leases.renew("w1", List.of("kept"), TTL));
        now = now.plusSeconds(11);

        assertEquals(2, acquired(leases.acquire("given-up", "w2", TTL)).epoch(), "ran out: the next owner takes it");
        assertInstanceOf(LeaseAttempt.HeldElsewhere.class, leases.acquire("kept", "w2", TTL));
    }

    private static Lease acquired(LeaseAttempt attempt) {
        return assertInstanceOf(LeaseAttempt.Acquired.class, attempt).lease();
    }
}
