package io.wabridge.client.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.session.Failures;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.StaleCredentialsException;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.testing.ClientHarness;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write-behind credentials cell: the session reads and changes the credentials in memory while their store writes
 * wait on the I/O executor (held here and run step by step), written in the order asked, each compare-and-set on the
 * version the one before returned; a refused save is told once and fails the saves behind it until the next load; a
 * wipe runs after the saves in progress and before the next load.
 */
class CredentialsCellTest {

    private final MemoryStoreProvider provider = new MemoryStoreProvider();
    private final AccountStore account = provider.open("acme");
    private final ClientHarness.HeldIo io = held();
    private final List<Throwable> failures = new ArrayList<>();
    private final CredentialsCell cell = new CredentialsCell(account.credentials(), io, Runnable::run, failures::add);

    @AfterEach
    void close() {
        provider.close();
    }

    private static ClientHarness.HeldIo held() {
        ClientHarness.HeldIo io = new ClientHarness.HeldIo();
        io.hold();
        return io;
    }

    /** Runs what is held, and what that hands on, until nothing is. */
    private void runAll() {
        while (io.heldCount() > 0) {
            io.runHeld();
        }
    }

    private Credentials loaded() {
        CompletableFuture<Credentials> load = cell.load(() -> CredentialsFactory.create(new SecureRandom(), "Acme"));
        assertFalse(load.isDone(), "the load waits for the I/O executor");
        assertTrue(account.credentials().load().isEmpty(), "nothing read or created on the caller's thread");
        runAll();
        return load.join();
    }

    @Test
    void savesChangeMemoryAtOnceAndAreStoredInOrderEachOnTheVersionBefore() {
        Credentials c = loaded();
        assertEquals(1, account.credentials().load().orElseThrow().version(), "created once, at version 1");

        cell.save(c.toBuilder().pushName("one").build());
        cell.save(cell.get().toBuilder().lid("90210123456789:3@lid").build());
        cell.save(cell.get().toBuilder().nextPreKeyId(77).build());
        assertEquals("one", cell.get().pushName(), "the session reads its change at once");
        assertEquals(77, cell.get().nextPreKeyId());
        assertEquals(1, account.credentials().load().orElseThrow().version(), "nothing written on the caller's thread");
        CompletableFuture<Void> stored = cell.stored();
        assertFalse(stored.isDone());

        runAll();
        assertTrue(stored.isDone() && !stored.isCompletedExceptionally());
        var now = account.credentials().load().orElseThrow();
        assertEquals(4, now.version(), "three compare-and-sets, each on the version the one before returned");
        assertEquals("one", now.value().pushName());
        assertEquals("90210123456789:3@lid", now.value().lid());
        assertEquals(77, now.value().nextPreKeyId());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void whatASaveDependsOnIsWrittenFirstOnTheIoExecutor() {
        Credentials c = loaded();
        List<String> order = new ArrayList<>();
        cell.save(c.toBuilder().pushName("paired").build(), () -> order.add("identity at version "
                + account.credentials().load().orElseThrow().version()));
        assertTrue(order.isEmpty());
        runAll();
        assertEquals(List.of("identity at version 1"), order);
        assertEquals(2, account.credentials().load().orElseThrow().version());
    }

    @Test
    void aRefusedSaveIsToldOnceFailsTheSavesBehindItAndTheNextLoadStartsOver() {
        Credentials c = loaded();
        // another writer (a stale copy elsewhere) saved in between
        account.credentials().save(c.toBuilder().pushName("elsewhere").build(), 1);

        cell.save(c.toBuilder().pushName("mine").build());
        cell.save(cell.get().toBuilder().nextPreKeyId(9).build());
        CompletableFuture<Void> stored = cell.stored();
        runAll();
        assertEquals(1, failures.size(), "told once: " + failures);
        assertInstanceOf(StaleCredentialsException.class, failures.getFirst());
        assertTrue(stored.isCompletedExceptionally());
        assertInstanceOf(StaleCredentialsException.class, Failures.unwrap(assertThrows(Exception.class, stored::join)));
        assertEquals("elsewhere", account.credentials().load().orElseThrow().value().pushName(), "nothing overwritten");
        assertEquals(2, account.credentials().load().orElseThrow().version());

        CompletableFuture<Credentials> again = cell.load(() -> {
            throw new AssertionError("stored: not created");
        });
        runAll();
        assertEquals("elsewhere", again.join().pushName(), "the stored copy wins");
        cell.save(cell.get().toBuilder().pushName("after").build());
        runAll();
        assertEquals(3, account.credentials().load().orElseThrow().version(), "saves work again on the reloaded version");
        assertEquals(1, failures.size());
    }

    @Test
    void aSaveOfTheLastConnectionRefusedAfterTheNextLoadDoesNotEndTheNewConnection() {
        Credentials c = loaded();
        account.credentials().save(c.toBuilder().pushName("elsewhere").build(), 1);
        cell.save(c.toBuilder().pushName("queued by the connection that ended").build());
        // the next connection loads before the queued save ran (and failed)
        CompletableFuture<Credentials> next = cell.load(() -> {
            throw new AssertionError("stored: not created");
        });
        runAll();
        assertEquals("elsewhere", next.join().pushName(), "the stored copy wins");
        assertTrue(failures.isEmpty(), "the refusal belonged to the connection that ended: " + failures);

        account.credentials().save(cell.get().toBuilder().pushName("again elsewhere").build(), 2);
        cell.save(cell.get().toBuilder().pushName("mine").build());
        runAll();
        assertEquals(1, failures.size(), "a refusal of the new connection's own save is told: " + failures);
    }

    @Test
    void aWipeRunsAfterTheSaveInProgressDropsTheOnesNotStartedAndTheNextLoadWaitsForIt() {
        Credentials c = loaded();
        cell.save(c.toBuilder().pushName("before logout").build());
        io.runHeld(); // the save in progress
        cell.save(cell.get().toBuilder().pushName("not started").build());
        List<String> order = new ArrayList<>();
        CompletableFuture<Void> wiped = cell.clear(() -> {
            order.add("wipe");
            account.wipe();
        });
        assertFalse(cell.isPresent(), "forgotten in memory at once");
        CompletableFuture<Credentials> next = cell.load(() -> {
            order.add("create");
            return CredentialsFactory.create(new SecureRandom(), "New");
        });
        assertFalse(wiped.isDone());
        runAll();
        assertTrue(wiped.isDone() && !wiped.isCompletedExceptionally());
        assertEquals(List.of("wipe", "create"), order, "nothing of the next pairing before the wipe");
        assertEquals("New", next.join().pushName());
        var stored = account.credentials().load().orElseThrow();
        assertEquals(1, stored.version(), "the save queued before the wipe was dropped");
        assertSame(next.join(), cell.get());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void withoutAnIoExecutorASaveRunsAtOnceAndThrowsItsRefusal() {
        CredentialsCell inline = new CredentialsCell(account.credentials());
        Credentials c = CredentialsFactory.create(new SecureRandom(), null);
        inline.save(c);
        assertEquals(1, account.credentials().load().orElseThrow().version());
        account.credentials().save(c, 1);
        assertThrows(StaleCredentialsException.class, () -> inline.save(c.toBuilder().pushName("x").build()));
        assertNull(account.credentials().load().orElseThrow().value().pushName());
    }
}
