package io.wabridge.client.signal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.MissingPreKeyException;
import io.wabridge.client.signal.MissingSessionException;
import io.wabridge.client.signal.SignalCipherException;
import io.wabridge.client.signal.SignalParty;
import io.wabridge.client.store.StoreException;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write-behind semantics of {@link SignalStores}, observed on the store underneath. */
class SignalStoresTest {

    private static final Jid ALICE = Jid.parse("15550001111@s.whatsapp.net");
    private static final Jid BOB = Jid.parse("15550002222:5@s.whatsapp.net");

    private MemoryStoreProvider provider;
    private FlakySessionsAccount bobAccount;
    private SignalParty alice;
    private SignalParty bob;

    @BeforeEach
    void setUp() {
        provider = new MemoryStoreProvider();
        alice = SignalParty.create(provider, "alice", ALICE);
        bobAccount = new FlakySessionsAccount(provider.open("bob"));
        bob = SignalParty.create(bobAccount, BOB, IdentityPolicy.ACCEPT_CHANGES);
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private EncryptedMessage aliceSends(String text) throws SignalCipherException {
        return alice.cipher.encrypt(BOB, text.getBytes(UTF_8));
    }

    private String bobReads(EncryptedMessage message) throws SignalCipherException {
        return new String(bob.cipher.decrypt(ALICE, message.type(), message.ciphertext()), UTF_8);
    }

    @Test
    void aFailedFlushKeepsEverythingPendingAndThePreKeyInPlace() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("hello"));
        bobAccount.failing = true;
        assertThrows(StoreException.class, bob.stores::flush);
        assertEquals(3, bob.stores.pendingWrites());
        assertTrue(bobAccount.preKeys().contains(1), "prekey removal waits for the session write");
        assertTrue(bobAccount.signalSessions().load(alice.address()).isEmpty());

        assertEquals("still works", bobReads(aliceSends("still works")), "the cipher keeps running on pending state");
        bobAccount.failing = false;
        bob.stores.flush();
        assertEquals(0, bob.stores.pendingWrites());
        assertFalse(bobAccount.preKeys().contains(1));
        assertTrue(bobAccount.signalSessions().load(alice.address()).isPresent());
        bob.restart();
        assertEquals("after the retried flush", bobReads(aliceSends("after the retried flush")));
    }

    @Test
    void aBurstIsOneBatchAndReadsHitPendingStateNotTheStore() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("first"));
        int loadsAfterFirst = bobAccount.sessionLoads;
        for (int i = 0; i < 20; i++) {
            bobReads(aliceSends("message " + i));
        }
        assertEquals(loadsAfterFirst, bobAccount.sessionLoads, "pending session served every later message");
        assertEquals(3, bob.stores.pendingWrites(), "one session, one identity, one prekey: overwritten in place");
        bob.stores.flush();
        assertEquals(1, bobAccount.sessionBatches);
        bob.stores.flush();
        assertEquals(1, bobAccount.sessionBatches, "an empty flush writes nothing");
    }

    @Test
    void flushedSessionsAreServedWithoutAStoreReadAndStayRightAcrossARestart() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("first"));
        bob.stores.flush();
        int loads = bobAccount.sessionLoads;
        for (int i = 0; i < 5; i++) {
            assertEquals("message " + i, bobReads(aliceSends("message " + i)));
            bob.stores.flush();
        }
        assertEquals(loads, bobAccount.sessionLoads, "each message found the record the previous flush wrote");
        bob.restart();
        assertEquals("after a restart", bobReads(aliceSends("after a restart")), "the store has the same state");
    }

    @Test
    void aDiscardedChangeIsNeverServedFromTheFlushedRecords() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("first"));
        bob.stores.flush();
        EncryptedMessage second = aliceSends("second");
        EncryptedMessage third = aliceSends("third");
        assertEquals("second", bobReads(second));
        bob.stores.discardPending(); // its hand-off failed: the server will deliver it again
        assertEquals("second", bobReads(second), "decrypted again from the flushed state, not the discarded one");
        assertEquals("third", bobReads(third));
        bob.stores.flush();
        bob.restart();
        assertEquals("fourth", bobReads(aliceSends("fourth")));
    }

    @Test
    void theFlushedRecordsAreBounded() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("first"));
        bob.stores.flush();
        int loads = bobAccount.sessionLoads;
        // Sessions with more peers than are kept: the least recently used is read from the store again.
        java.util.List<SignalParty> others = new java.util.ArrayList<>();
        for (int i = 0; i < SessionStoreAdapter.FLUSHED_KEPT; i++) {
            SignalParty other = SignalParty.create(provider, "other-" + i, Jid.parse("1555000" + (3000 + i) + "@s.whatsapp.net"));
            other.cipher.processBundle(BOB, bob.bundle(io.wabridge.client.signal.DeviceKeyBundle.NO_PRE_KEY));
            EncryptedMessage m = other.cipher.encrypt(BOB, "hi".getBytes(UTF_8));
            assertEquals("hi", new String(bob.cipher.decrypt(other.jid, m.type(), m.ciphertext()), UTF_8));
            bob.stores.flush();
            others.add(other);
        }
        int before = bobAccount.sessionLoads;
        assertEquals("alice again", bobReads(aliceSends("alice again")));
        assertEquals(before + 1, bobAccount.sessionLoads, "alice's record was the eldest: read from the store");
        assertTrue(before > loads);
    }

    @Test
    void aRotatedSignedPreKeyStillOpensSessionsStartedAgainstIt() throws SignalCipherException {
        var oldBundle = bob.bundle(2);
        bob.rotateSignedPreKey();
        assertEquals(oldBundle.signedPreKeyId() + 1, bob.credentials.signedPreKey().id());
        alice.cipher.processBundle(BOB, oldBundle);
        assertEquals("old signed prekey", bobReads(aliceSends("old signed prekey")));
        assertEquals(2, bob.stores.signedPreKeyStore().loadSignedPreKeys().size());
    }

    @Test
    void anUnknownSignedPreKeyIsMissingPreKey() throws SignalCipherException {
        var oldBundle = bob.bundle(2);
        bob.rotateSignedPreKey();
        bobAccount.signedPreKeys().remove(oldBundle.signedPreKeyId());
        alice.cipher.processBundle(BOB, oldBundle);
        EncryptedMessage pkmsg = aliceSends("x");
        assertThrows(MissingPreKeyException.class, () -> bobReads(pkmsg));
    }

    @Test
    void unreadableStoredRecordsCountAsAbsent() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("hello"));
        bob.stores.flush();
        alice.stores.flush();
        EncryptedMessage reply = bob.cipher.encrypt(ALICE, "reply".getBytes(UTF_8));
        alice.account.signalSessions().store(bob.addressFor(BOB), new byte[] {1, 2, 3});
        alice.restart();
        assertThrows(MissingSessionException.class,
                () -> alice.cipher.decrypt(BOB, CiphertextType.MSG, reply.ciphertext()));

        bobAccount.preKeys().store(3, new byte[] {9, 9});
        var bundle = bob.bundle(4);
        SignalParty carol = SignalParty.create(provider, "carol", Jid.parse("15550003333@s.whatsapp.net"));
        var garbled = new io.wabridge.client.signal.DeviceKeyBundle(bundle.registrationId(), bundle.deviceId(), 3,
                bundle.preKey(), bundle.signedPreKeyId(), bundle.signedPreKey(), bundle.signature(), bundle.identityKey());
        carol.cipher.processBundle(BOB, garbled);
        EncryptedMessage pkmsg = carol.cipher.encrypt(BOB, "x".getBytes(UTF_8));
        assertThrows(MissingPreKeyException.class, () -> bob.cipher.decrypt(carol.jid, pkmsg.type(), pkmsg.ciphertext()));
    }

    @Test
    void identitiesAreStoredInLibsignalFormAndOnlyOnce() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("one"));
        bob.stores.flush();
        byte[] stored = bobAccount.identities().load(alice.address()).orElseThrow();
        assertEquals(33, stored.length);
        assertEquals(0x05, stored[0]);
        bobReads(aliceSends("two"));
        assertEquals(1, bob.stores.pendingWrites(), "only the session: the identity is unchanged");
        assertArrayEquals(stored, bobAccount.identities().load(alice.address()).orElseThrow());
    }

    @Test
    void anUnchangedIdentityIsConfirmedFromTheSessionWithoutReadingTheIdentityStore() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("one"));
        bob.stores.flush();
        bob.restart();
        int before = bobAccount.identityLoads;
        for (int i = 0; i < 10; i++) {
            bobReads(aliceSends("message " + i));
            bob.stores.flush();
        }
        assertEquals(before, bobAccount.identityLoads, "libsignal saves the identity on every message");
        assertTrue(bobAccount.sessionLoads > 0);
    }

    /** An I/O executor that runs its tasks only when told, so a test sees the session go on while a flush is out. */
    private static final class HeldIo implements java.util.concurrent.Executor {
        final java.util.Queue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    @Test
    void aReadAheadOfFlushedSessionsTheStoreKnowsItHoldsNeedsNoIoHop() throws Exception {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("hello"));
        alice.stores.flush();
        bob.stores.flush();
        HeldIo io = new HeldIo();

        ReadAhead.Keys keys = ReadAhead.Keys.create();
        keys.sessions().add(bob.address());
        var read = alice.stores.readAhead(keys, io, Runnable::run);
        assertTrue(read.isDone() && !read.isCompletedExceptionally(), "answered on the executor");
        assertTrue(io.tasks.isEmpty(), "the memory store knows it holds the record alice flushed: no I/O hop");

        // bob's store (a test double keeping the SPI's default) cannot say from memory: it is asked off the executor
        ReadAhead.Keys asked = ReadAhead.Keys.create();
        asked.sessions().add(alice.address());
        var confirmed = bob.stores.readAhead(asked, io, Runnable::run);
        assertFalse(confirmed.isDone(), "waits for the store's answer");
        assertEquals(1, io.tasks.size());
        io.runAll();
        confirmed.join();
        bob.stores.readAheadDone();

        assertEquals("again", bobReads(aliceSends("again")), "the records are used as before");
        alice.stores.readAheadDone();
    }

    @Test
    void anAsyncFlushWritesOnTheIoExecutorWhileTheSessionGoesOn() throws Exception {
        HeldIo io = new HeldIo();
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("first"));
        var flushed = bob.stores.flushAsync(io, Runnable::run);
        assertFalse(flushed.isDone());
        assertTrue(bobAccount.signalSessions().load(alice.address()).isEmpty(), "nothing written before io runs");
        assertEquals(3, bob.stores.pendingWrites(), "reads still find the pending entries");
        assertEquals("second", bobReads(aliceSends("second")), "the session decrypts on while the flush is out");
        assertTrue(bob.stores.flushAsync(io, Runnable::run).isCompletedExceptionally(), "one flush out at a time");

        io.runAll();
        assertTrue(flushed.isDone());
        flushed.join();
        assertFalse(bobAccount.preKeys().contains(1), "the snapshot's prekey removal is stored");
        assertTrue(bobAccount.signalSessions().load(alice.address()).isPresent());
        assertEquals(1, bob.stores.pendingWrites(), "the session changed after the snapshot: still pending");

        var again = bob.stores.flushAsync(io, Runnable::run);
        io.runAll();
        again.join();
        assertEquals(0, bob.stores.pendingWrites());
        bob.restart();
        assertEquals("third", bobReads(aliceSends("third")), "the store has the state after 'second'");
    }

    @Test
    void aFailedAsyncFlushDropsNothing() throws Exception {
        HeldIo io = new HeldIo();
        alice.cipher.processBundle(BOB, bob.bundle(1));
        bobReads(aliceSends("hello"));
        bobAccount.failing = true;
        var flushed = bob.stores.flushAsync(io, Runnable::run);
        io.runAll();
        var failure = assertThrows(java.util.concurrent.CompletionException.class, flushed::join);
        assertTrue(failure.getCause() instanceof StoreException, failure.toString());
        assertEquals(3, bob.stores.pendingWrites());
        assertTrue(bobAccount.preKeys().contains(1), "prekey removal waits for the session write");

        bobAccount.failing = false;
        var retried = bob.stores.flushAsync(io, Runnable::run);
        io.runAll();
        retried.join();
        assertEquals(0, bob.stores.pendingWrites());
        bob.restart();
        assertEquals("after the retried flush", bobReads(aliceSends("after the retried flush")));
    }

    @Test
    void aSynchronousFlushWaitsForTheOneOutAndWritesTheNewerState() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService io = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            alice.cipher.processBundle(BOB, bob.bundle(1));
            bobReads(aliceSends("first"));
            io.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            HeldIo session = new HeldIo(); // this thread is the session's executor
            var flushed = bob.stores.flushAsync(io, session);
            bobReads(aliceSends("second"));
            Thread opener = new Thread(release::countDown);
            opener.start();
            bob.stores.flush(); // must not let the older snapshot land after it
            opener.join();
            assertEquals(0, bob.stores.pendingWrites());
            while (!flushed.isDone()) { // the old flush's completion arrives as a session task
                session.runAll();
                Thread.onSpinWait();
            }
            flushed.join();
            assertEquals(0, bob.stores.pendingWrites());
            bob.restart();
            assertEquals("third", bobReads(aliceSends("third")), "the stored record is the one after 'second'");
        } finally {
            io.shutdownNow();
        }
    }
}
