package io.wabridge.bridge.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.bridge.storage.BridgeBackend;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(BridgeBackend.class)
class CommandLogTest {

    @Parameter
    BridgeBackend backend;

    private BridgeBackend.Fixture storage;
    private CommandLog log;

    @BeforeEach
    void open() {
        storage = backend.open("commands");
        log = storage.commandLog(InstantSource.system(), Duration.ofDays(7));
        log.createIndexes();
    }

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
        if (storage != null) { // null when the backend skipped itself
            storage.close();
        }
    }

    @Test
    void aStoredResultIsFoundByItsSessionAndCommandId() {
        assertTrue(log.find("acme", "c-1").isEmpty());
        log.record("acme", "c-1", "logout", CommandResults.ok());
        assertEquals(CommandResults.ok(), log.find("acme", "c-1").orElseThrow());
        assertTrue(log.find("other", "c-1").isEmpty(), "command ids are per session");
        assertTrue(log.find("acme", "c-2").isEmpty());
    }

    @Test
    void theFirstResultStoredWins() {
        var first = CommandResults.error(ErrorCode.UNKNOWN_SESSION, "no session");
        log.record("acme", "c-1", "disconnect", first);
        log.record("acme", "c-1", "disconnect", CommandResults.ok());
        assertEquals(first, log.find("acme", "c-1").orElseThrow());
    }

    @Test
    void groupedStoresAndLookupsAnswerEachCommandOnItsOwn() throws Exception {
        java.util.List<java.util.concurrent.CompletableFuture<Void>> stored = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            stored.add(log.store("s-" + (i % 7), "c-" + i, "send_message", CommandResults.ok("m-" + i)));
        }
        // the same command stored again in the same burst: the first result stays
        stored.add(log.store("s-0", "c-0", "send_message", CommandResults.error(ErrorCode.TIMEOUT, "late")));
        java.util.concurrent.CompletableFuture.allOf(stored.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(30, java.util.concurrent.TimeUnit.SECONDS);

        java.util.List<java.util.concurrent.CompletableFuture<java.util.Optional<io.wabridge.proto.v1.CommandResult>>> found =
                new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            found.add(log.lookup("s-" + (i % 7), "c-" + i));
            found.add(log.lookup("s-" + ((i + 1) % 7), "c-" + i)); // another session's id: absent
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(CommandResults.ok("m-" + i), found.get(2 * i).get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .orElseThrow());
            assertTrue(found.get(2 * i + 1).get(30, java.util.concurrent.TimeUnit.SECONDS).isEmpty());
        }
        assertEquals(200, storage.storedCommands());
        assertEquals(CommandResults.ok("m-0"), log.find("s-0", "c-0").orElseThrow());
    }

    @Test
    void anUnreadableStoredResultFailsOnlyItsOwnLookup() throws Exception {
        log.record("acme", "good", "logout", CommandResults.ok());
        storage.storeUnreadableResult("acme", "bad");
        var bad = log.lookup("acme", "bad");
        var good = log.lookup("acme", "good");
        assertEquals(CommandResults.ok(), good.get(30, java.util.concurrent.TimeUnit.SECONDS).orElseThrow());
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> bad.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("unreadable"), e.getCause().getMessage());
    }
}
