package io.wabridge.client.signal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.store.IdentityPolicy;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two (or more) real parties over the memory store, talking through the real libsignal-client 0.23.1. */
class SignalCipherTest {

    private static final Jid ALICE = Jid.parse("15550001111:2@s.whatsapp.net");
    private static final Jid BOB = Jid.parse("15550002222@s.whatsapp.net");

    private MemoryStoreProvider provider;
    private SignalParty alice;
    private SignalParty bob;

    @BeforeEach
    void setUp() {
        provider = new MemoryStoreProvider();
        alice = SignalParty.create(provider, "alice", ALICE);
        bob = SignalParty.create(provider, "bob", BOB);
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    /** sender encrypts text, receiver decrypts it; returns the ciphertext. */
    private static EncryptedMessage send(SignalParty from, SignalParty to, String text) throws SignalCipherException {
        EncryptedMessage message = from.cipher.encrypt(to.jid, bytes(text));
        assertArrayEquals(bytes(text), to.cipher.decrypt(from.jid, message.type(), message.ciphertext()));
        return message;
    }

    private void establish() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        send(alice, bob, "hello");
        send(bob, alice, "hi back");
        alice.stores.flush();
        bob.stores.flush();
    }

    @Test
    void firstMessagesArePkmsgUntilThePeerAnswersThenMsg() throws SignalCipherException {
        assertFalse(alice.cipher.hasSession(BOB));
        alice.cipher.processBundle(BOB, bob.bundle(1));
        assertTrue(alice.cipher.hasSession(BOB));

        assertEquals(CiphertextType.PKMSG, send(alice, bob, "one").type());
        assertEquals(CiphertextType.PKMSG, send(alice, bob, "two").type());
        assertEquals(CiphertextType.MSG, send(bob, alice, "reply").type());
        assertEquals(CiphertextType.MSG, send(alice, bob, "three").type());
        assertEquals(CiphertextType.MSG, send(bob, alice, "four").type());
    }

    @Test
    void nothingIsPersistedUntilFlushAndThePreKeyGoesOnlyWithTheSession() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        EncryptedMessage first = alice.cipher.encrypt(BOB, bytes("hello"));
        assertTrue(alice.account.signalSessions().load(bob.address()).isEmpty(), "alice's session is pending");
        assertTrue(alice.account.identities().load(bob.address()).isEmpty());

        bob.cipher.decrypt(ALICE, first.type(), first.ciphertext());
        assertTrue(bob.cipher.hasSession(ALICE), "reads see pending writes");
        assertTrue(bob.account.signalSessions().load(alice.address()).isEmpty());
        assertTrue(bob.account.identities().load(alice.address()).isEmpty());
        assertTrue(bob.account.preKeys().contains(1), "the consumed prekey stays until the session is stored");
        assertFalse(bob.stores.preKeyStore().containsPreKey(1), "but libsignal no longer sees it");
        assertEquals(3, bob.stores.pendingWrites(), "session + identity + prekey removal");

        bob.stores.flush();
        assertEquals(0, bob.stores.pendingWrites());
        assertTrue(bob.account.signalSessions().load(alice.address()).isPresent());
        assertArrayEquals(SignalKeys.prefixed(alice.credentials.identityKey().publicKey()),
                bob.account.identities().load(alice.address()).orElseThrow());
        assertFalse(bob.account.preKeys().contains(1));
        assertEquals(SignalParty.PRE_KEYS - 1, bob.account.preKeys().count());

        alice.stores.flush();
        assertTrue(alice.account.signalSessions().load(bob.address()).isPresent());
    }

    @Test
    void aRestartContinuesTheStoredSessions() throws SignalCipherException {
        establish();
        alice.restart();
        bob.restart();
        assertEquals(CiphertextType.MSG, send(alice, bob, "after restart").type());
        assertEquals(CiphertextType.MSG, send(bob, alice, "still here").type());
        alice.stores.flush();
        bob.stores.flush();
        alice.restart();
        bob.restart();
        send(alice, bob, "and again");
    }

    @Test
    void aCrashBeforeFlushLetsTheRedeliveredPkmsgDecryptAgain() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(1));
        EncryptedMessage first = alice.cipher.encrypt(BOB, bytes("hello"));
        bob.cipher.decrypt(ALICE, first.type(), first.ciphertext());
        bob.restart(); // crashed before flush: not acknowledged, the server delivers it again
        assertArrayEquals(bytes("hello"), bob.cipher.decrypt(ALICE, first.type(), first.ciphertext()));
        bob.stores.flush();
        send(alice, bob, "next");
    }

    @Test
    void aChangedIdentityIsReportedThenAccepted() throws SignalCipherException {
        establish();
        byte[] oldKey = bob.credentials.identityKey().publicKey();
        // Bob reinstalls: same JID, new keys; he messages Alice first with a fresh pkmsg.
        SignalParty newBob = SignalParty.create(provider, "bob-reinstalled", BOB);
        newBob.cipher.processBundle(ALICE, alice.bundle(2));
        EncryptedMessage pkmsg = newBob.cipher.encrypt(ALICE, bytes("new phone"));
        assertEquals(CiphertextType.PKMSG, pkmsg.type());

        assertArrayEquals(bytes("new phone"), alice.cipher.decrypt(BOB, pkmsg.type(), pkmsg.ciphertext()));
        assertEquals(1, alice.identityChanges.size());
        SignalParty.IdentityEvent event = alice.identityChanges.get(0);
        assertEquals(bob.address(), event.address());
        assertArrayEquals(oldKey, event.previous());
        assertArrayEquals(newBob.credentials.identityKey().publicKey(), event.current());

        alice.stores.flush();
        assertArrayEquals(SignalKeys.prefixed(event.current()), alice.account.identities().load(bob.address()).orElseThrow());
        assertEquals(CiphertextType.MSG, send(alice, newBob, "welcome back").type());
        assertEquals(1, alice.identityChanges.size(), "reported once");
    }

    @Test
    void aChangedIdentityInABundleIsReportedToo() throws SignalCipherException {
        establish();
        SignalParty newBob = SignalParty.create(provider, "bob-reinstalled", BOB);
        alice.cipher.processBundle(BOB, newBob.bundle(1));
        assertEquals(1, alice.identityChanges.size());
        send(alice, newBob, "hello new bob");
    }

    @Test
    void theRejectPolicyRefusesAChangedIdentity() throws SignalCipherException {
        SignalParty strictAlice = SignalParty.create(provider, "strict", Jid.parse("15550003333@s.whatsapp.net"),
                IdentityPolicy.REJECT_CHANGES);
        strictAlice.cipher.processBundle(BOB, bob.bundle(1));
        send(strictAlice, bob, "hello");
        strictAlice.stores.flush();

        SignalParty newBob = SignalParty.create(provider, "bob-reinstalled", BOB);
        IdentityRejectedException rejected = assertThrows(IdentityRejectedException.class,
                () -> strictAlice.cipher.processBundle(BOB, newBob.bundle(1)));
        assertEquals(RetryReason.UNKNOWN_ERROR, rejected.retryReason());

        newBob.cipher.processBundle(strictAlice.jid, strictAlice.bundle(1));
        EncryptedMessage pkmsg = newBob.cipher.encrypt(strictAlice.jid, bytes("new phone"));
        assertThrows(IdentityRejectedException.class,
                () -> strictAlice.cipher.decrypt(BOB, pkmsg.type(), pkmsg.ciphertext()));
        assertTrue(strictAlice.identityChanges.isEmpty());
    }

    @Test
    void aCorruptedMessageIsABadMacAndTheNextOneStillDecrypts() throws SignalCipherException {
        establish();
        EncryptedMessage first = alice.cipher.encrypt(BOB, bytes("first"));
        EncryptedMessage second = alice.cipher.encrypt(BOB, bytes("second"));
        byte[] corrupted = first.ciphertext().clone();
        corrupted[corrupted.length - 12] ^= 0x01; // inside the body, before the 8-byte MAC

        BadMacException bad = assertThrows(BadMacException.class, () -> bob.cipher.decrypt(ALICE, CiphertextType.MSG, corrupted));
        assertEquals(RetryReason.BAD_MAC, bad.retryReason());
        assertEquals(7, bad.retryReason().code());
        assertTrue(bad.shouldRetry());

        assertArrayEquals(bytes("second"), bob.cipher.decrypt(ALICE, CiphertextType.MSG, second.ciphertext()));
        assertArrayEquals(bytes("first"), bob.cipher.decrypt(ALICE, CiphertextType.MSG, first.ciphertext()),
                "the intact original still decrypts out of order");
    }

    @Test
    void aDuplicateIsReportedAndNeedsNoRetry() throws SignalCipherException {
        establish();
        EncryptedMessage message = send(alice, bob, "once");
        DuplicateSignalMessageException duplicate = assertThrows(DuplicateSignalMessageException.class,
                () -> bob.cipher.decrypt(ALICE, message.type(), message.ciphertext()));
        assertFalse(duplicate.shouldRetry());
        bob.stores.flush();
        bob.restart();
        assertThrows(DuplicateSignalMessageException.class,
                () -> bob.cipher.decrypt(ALICE, message.type(), message.ciphertext()), "also after flush and restart");
    }

    @Test
    void aMsgWithoutSessionIsNoSession() throws SignalCipherException {
        establish();
        EncryptedMessage message = alice.cipher.encrypt(BOB, bytes("for bob"));
        SignalParty carol = SignalParty.create(provider, "carol", Jid.parse("15550004444@s.whatsapp.net"));
        MissingSessionException missing = assertThrows(MissingSessionException.class,
                () -> carol.cipher.decrypt(ALICE, message.type(), message.ciphertext()));
        assertEquals(RetryReason.NO_SESSION, missing.retryReason());

        assertThrows(MissingSessionException.class, () -> carol.cipher.encrypt(BOB, bytes("x")));
    }

    @Test
    void aPkmsgForAnAlreadyUsedPreKeyIsMissingPreKey() throws SignalCipherException {
        DeviceKeyBundle bundle = bob.bundle(1);
        establish(); // consumes prekey 1 and flushes its removal
        SignalParty dave = SignalParty.create(provider, "dave", Jid.parse("15550005555@s.whatsapp.net"));
        dave.cipher.processBundle(BOB, bundle); // a stale bundle naming the used prekey
        EncryptedMessage pkmsg = dave.cipher.encrypt(BOB, bytes("hi"));
        MissingPreKeyException missing = assertThrows(MissingPreKeyException.class,
                () -> bob.cipher.decrypt(dave.jid, pkmsg.type(), pkmsg.ciphertext()));
        assertEquals(RetryReason.INVALID_KEY_ID, missing.retryReason());
    }

    @Test
    void aBundleWithoutOneTimePreKeyStartsASessionFromTheSignedPreKey() throws SignalCipherException {
        alice.cipher.processBundle(BOB, bob.bundle(DeviceKeyBundle.NO_PRE_KEY));
        send(alice, bob, "no prekey");
        bob.stores.flush();
        assertEquals(SignalParty.PRE_KEYS, bob.account.preKeys().count(), "no one-time prekey consumed");
    }

    @Test
    void malformedCiphertextsGetSpecificExceptions() throws SignalCipherException {
        establish();
        byte[] valid = alice.cipher.encrypt(BOB, bytes("x")).ciphertext();

        InvalidSignalMessageException garbage = assertThrows(InvalidSignalMessageException.class,
                () -> bob.cipher.decrypt(ALICE, CiphertextType.MSG, new byte[] {0x33, 1, 2, 3}));
        assertEquals(RetryReason.INVALID_MESSAGE, garbage.retryReason());
        assertThrows(InvalidSignalMessageException.class, () -> bob.cipher.decrypt(ALICE, CiphertextType.PKMSG, new byte[] {0x33, 9}));
        assertThrows(InvalidSignalMessageException.class, () -> bob.cipher.decrypt(ALICE, CiphertextType.MSG, new byte[0]));
        assertThrows(InvalidSignalMessageException.class, () -> bob.cipher.decrypt(ALICE, CiphertextType.PKMSG, valid),
                "a msg is no pkmsg");

        byte[] future = valid.clone();
        future[0] = 0x44;
        assertThrows(UnsupportedMessageVersionException.class, () -> bob.cipher.decrypt(ALICE, CiphertextType.MSG, future));
        byte[] legacy = valid.clone();
        legacy[0] = 0x22;
        assertThrows(UnsupportedMessageVersionException.class, () -> bob.cipher.decrypt(ALICE, CiphertextType.MSG, legacy));

        assertArrayEquals(bytes("x"), bob.cipher.decrypt(ALICE, CiphertextType.MSG, valid), "the session survived");
    }

    @Test
    void badBundlesAreInvalidKeys() {
        DeviceKeyBundle good = bob.bundle(1);
        byte[] badSignature = good.signature();
        badSignature[0] ^= 1;
        DeviceKeyBundle forged = new DeviceKeyBundle(good.registrationId(), good.deviceId(), good.preKeyId(),
                good.preKey(), good.signedPreKeyId(), good.signedPreKey(), badSignature, good.identityKey());
        assertThrows(InvalidSignalKeyException.class, () -> alice.cipher.processBundle(BOB, forged));

        DeviceKeyBundle shortKey = new DeviceKeyBundle(good.registrationId(), good.deviceId(), good.preKeyId(),
                new byte[31], good.signedPreKeyId(), good.signedPreKey(), good.signature(), good.identityKey());
        assertThrows(InvalidSignalKeyException.class, () -> alice.cipher.processBundle(BOB, shortKey));
        assertFalse(alice.cipher.hasSession(BOB));
    }

    @Test
    void lidAndMultiDeviceAddressesKeepSeparateSessions() throws SignalCipherException {
        Jid bobLid = Jid.parse("987654321:3@lid");
        SignalParty bobOnLid = SignalParty.create(provider, "bob-lid", bobLid);
        alice.cipher.processBundle(bobLid, bobOnLid.bundle(1));
        alice.cipher.processBundle(BOB, bob.bundle(1));
        send(alice, bobOnLid, "to lid device 3");
        send(alice, bob, "to pn device 0");
        alice.stores.flush();
        assertTrue(alice.account.signalSessions().load(new SignalAddress("987654321_1", 3)).isPresent());
        assertTrue(alice.account.signalSessions().load(new SignalAddress("15550002222", 0)).isPresent());
        assertEquals(List.of(3), alice.account.signalSessions().deviceIds("987654321_1"));
    }

    @Test
    void deleteSessionForgetsItAfterFlush() throws SignalCipherException {
        establish();
        alice.cipher.deleteSession(BOB);
        assertFalse(alice.cipher.hasSession(BOB));
        assertTrue(alice.account.signalSessions().contains(bob.address()), "pending until flush");
        alice.stores.flush();
        assertFalse(alice.account.signalSessions().contains(bob.address()));
        assertThrows(MissingSessionException.class, () -> alice.cipher.encrypt(BOB, bytes("x")));
    }

    @Test
    void ciphertextsDifferForEqualPlaintexts() throws SignalCipherException {
        establish();
        byte[] a = alice.cipher.encrypt(BOB, bytes("same")).ciphertext();
        byte[] b = alice.cipher.encrypt(BOB, bytes("same")).ciphertext();
        assertNotEquals(java.util.HexFormat.of().formatHex(a), java.util.HexFormat.of().formatHex(b));
    }
}
