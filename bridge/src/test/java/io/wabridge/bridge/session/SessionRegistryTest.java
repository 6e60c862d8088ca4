package io.wabridge.bridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.kafka.SessionPartitioner;
import io.wabridge.bridge.storage.BridgeBackend;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(BridgeBackend.class)
class SessionRegistryTest {

    @Parameter
    BridgeBackend backend;

    private BridgeBackend.Fixture storage;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private SessionRegistry registry;

    @BeforeEach
    void open() {
        storage = backend.open("registry");
        registry = storage.registry(InstantSource.fixed(now));
        registry.createIndexes();
    }

    @AfterEach
    void close() {
        if (storage != null) { // null when the backend skipped itself
            storage.close();
        }
    }

    @Test
    void theFirstConnectRegistersTheSession() {
        assertTrue(registry.find("acme").isEmpty());
        assertTrue(registry.desire("acme", DesiredState.CONNECTED, 3, 12).isEmpty(), "nothing before");
        SessionRecord r = registry.find("acme").orElseThrow();
        assertEquals(DesiredState.CONNECTED, r.desired());
        assertEquals(SessionState.CLOSED, r.state());
        assertEquals(3, r.partition());
        assertEquals(12, r.partitions());
        assertEquals(now, r.created());
        assertNull(r.mePn());
        assertEquals(DesiredState.CONNECTED, registry.desire("acme", DesiredState.CONNECTED, 3, 12).orElseThrow().desired());
    }

    @Test
    void stateIdentityAndLogoutAreRecorded() {
        registry.desire("acme", DesiredState.CONNECTED, 1, 12);
        registry.state("acme", SessionState.OPEN, "worker-1", 1);
        registry.me("acme", "15550001111@s.whatsapp.net", "9988@lid", 1);
        registry.me("acme", "15550001111@s.whatsapp.net", null, 1);
        SessionRecord r = registry.find("acme").orElseThrow();
        assertEquals(SessionState.OPEN, r.state());
        assertEquals("worker-1", r.owner());
        assertEquals("15550001111@s.whatsapp.net", r.mePn());
        assertEquals("9988@lid", r.meLid(), "a null lid keeps the stored one");

        registry.loggedOut("acme", 1);
        r = registry.find("acme").orElseThrow();
        assertEquals(DesiredState.LOGGED_OUT, r.desired());
        assertEquals(SessionState.LOGGED_OUT, r.state());
        assertNull(r.mePn());
        assertFalse(registry.desire("nobody", DesiredState.DISCONNECTED), "no upsert without a connect");
        assertTrue(registry.find("nobody").isEmpty());
    }

    @Test
    void aWriteUnderAnOlderLeaseEpochIsRefused() {
        registry.desire("acme", DesiredState.CONNECTED, 1, 12);
        assertTrue(registry.state("acme", SessionState.OPEN, "old-worker", 1), "first fenced write");
        assertTrue(registry.state("acme", SessionState.OPEN, "new-worker", 2), "a newer epoch may write");

        assertFalse(registry.state("acme", SessionState.CLOSED, "old-worker", 1), "the old owner is fenced");
        assertFalse(registry.desire("acme", DesiredState.DISCONNECTED, 1));
        assertFalse(registry.loggedOut("acme", 1));
        assertFalse(registry.me("acme", "15550002222@s.whatsapp.net", null, 1));
        SessionRecord r = registry.find("acme").orElseThrow();
        assertEquals("new-worker", r.owner());
        assertEquals(SessionState.OPEN, r.state());
        assertEquals(DesiredState.CONNECTED, r.desired(), "the stale owner's decision did not land");
        assertTrue(registry.state("acme", SessionState.CLOSED, "new-worker", 2), "the same epoch writes again");
    }

    @Test
    void anAssignmentResumesTheConnectedSessionsOfItsPartitionsOnly() {
        registry.desire("a", DesiredState.CONNECTED, 1, 12);
        registry.desire("b", DesiredState.CONNECTED, 2, 12);
        registry.desire("c", DesiredState.DISCONNECTED, 1, 12);
        registry.desire("d", DesiredState.CONNECTED, 5, 12);
        assertEquals(List.of("a", "b"), ids(registry.toResume(List.of(1, 2), 12)));
        assertEquals(List.of(), ids(registry.toResume(List.of(7), 12)));
    }

    @Test
    void sessionsWrittenForAnotherPartitionCountAreReHomed() {
        String id = "grown";
        registry.desire(id, DesiredState.CONNECTED, SessionPartitioner.partitionOf(id, 6), 6);
        int home = SessionPartitioner.partitionOf(id, 12);
        int elsewhere = (home + 1) % 12;
        assertEquals(List.of(), ids(registry.toResume(List.of(elsewhere), 12)));
        SessionRecord moved = registry.find(id).orElseThrow();
        assertEquals(home, moved.partition());
        assertEquals(12, moved.partitions());
        assertEquals(List.of(id), ids(registry.toResume(List.of(home), 12)));
    }

    private static List<String> ids(List<SessionRecord> records) {
        return records.stream().map(SessionRecord::id).sorted().toList();
    }
}
