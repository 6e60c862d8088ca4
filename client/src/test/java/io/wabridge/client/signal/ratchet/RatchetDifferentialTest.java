package io.wabridge.client.signal.ratchet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.signal.ratchet.LibsignalOracle.Device;
import io.wabridge.client.signal.ratchet.LibsignalOracle.Outcome;
import io.wabridge.client.store.SignalAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java ratchet against libsignal-client 0.23.1 as the oracle: every operation runs on both from the same stored
 * bytes and must give the same result. Encryption is deterministic, so ciphertexts and the records left behind must
 * be byte-identical; decryption too, except the fresh ratchet key pair of a ratchet step (the new root key and
 * sender chain are then masked before comparing). Whichever engine's record is kept for the next step is chosen at
 * random, so each engine keeps working on what the other wrote.
 */
class RatchetDifferentialTest {

    private Device alice;
    private Device bob;
    private SplittableRandom random;
    private int decrypted;
    private int ratchetSteps;

    private record Sent(Device from, Device to, boolean preKey, byte[] ciphertext, byte[] plaintext) {
    }

    @BeforeEach
    void setUp() {
        alice = new Device("15550001111", 0, 1111);
        bob = new Device("15550002222", 3, 2222);
        random = new SplittableRandom(7);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomConversationsAgreeWithLibsignal(long seed) throws Exception {
        random = new SplittableRandom(seed);
        alice.processBundle(bob, 1 + random.nextInt(20));
        List<Sent> inFlight = new ArrayList<>();
        List<Sent> delivered = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            int action = random.nextInt(1000);
            if (action < 300) {
                send(alice, bob, inFlight);
            } else if (action < 560) {
                send(bob, alice, inFlight);
            } else if (action < 930) {
                if (!inFlight.isEmpty()) {
                    Sent sent = inFlight.remove(random.nextInt(inFlight.size()));
                    // after resets and reinstalls some messages cannot decrypt: both engines must agree on which
                    deliver(sent, true);
                    delivered.add(sent);
                }
            } else if (action < 950) {
                if (!delivered.isEmpty()) {
                    deliver(delivered.get(random.nextInt(delivered.size())), true);
                }
            } else if (action < 975) {
                if (!inFlight.isEmpty()) {
                    deliverTampered(inFlight.get(random.nextInt(inFlight.size())));
                }
            } else if (action < 985) {
                if (!inFlight.isEmpty()) {
                    inFlight.remove(random.nextInt(inFlight.size()));
                }
            } else if (action < 992) {
                // a session reset from either side (simultaneous initiation when both do it)
                Device from = random.nextBoolean() ? alice : bob;
                from.processBundle(from == alice ? bob : alice, random.nextBoolean() ? null : 1 + random.nextInt(20));
            } else {
                // a reinstall: new identity, no sessions; the peer starts again from the new bundle
                Device reinstalled = random.nextBoolean() ? alice : bob;
                Device peer = reinstalled == alice ? bob : alice;
                reinstalled.reinstall(3000 + random.nextInt(1000));
                peer.processBundle(reinstalled, 1 + random.nextInt(20));
            }
        }
        assertTrue(decrypted > 60, "the conversation exchanged messages: " + decrypted);
        assertTrue(ratchetSteps > 5, "the conversation took ratchet steps: " + ratchetSteps);
    }

    @Test
    void storedRecordsAreReadAndWrittenByteForByte() throws Exception {
        alice.processBundle(bob, 5);
        List<Sent> inFlight = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            send(i % 3 == 0 ? bob : alice, i % 3 == 0 ? alice : bob, inFlight);
            if (i % 2 == 1) {
                deliver(inFlight.remove(inFlight.size() - 1), false);
            }
            if (i == 30) {
                alice.processBundle(bob, null);
            }
            for (Device device : List.of(alice, bob)) {
                for (byte[] record : device.records.values()) {
                    assertArrayEquals(record, RatchetRecord.parse(record).serialize());
                }
            }
        }
        RatchetRecord record = RatchetRecord.parse(alice.records.get(bob.address));
        assertTrue(record.previous.size() >= 1, "a reset archived the first state");
        assertTrue(record.current.receiverChains.size() + record.previous.size() > 1);
    }

    @Test
    void skippedKeysAreKeptUpToTheLimitAndTooFarAheadFails() throws Exception {
        alice.processBundle(bob, 2);
        List<Sent> inFlight = answered();
        // 2,100 messages; only the last arrives: 2,099 skipped, 2,000 kept
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 2100; i++) {
            sent.add(alice.javaEncrypt(bob.address, new byte[] {(byte) i}).bytes());
        }
        deliver(new Sent(alice, bob, false, sent.get(2099), new byte[] {(byte) 2099}), false);
        RatchetRecord record = RatchetRecord.parse(bob.records.get(alice.address));
        assertEquals(RatchetCipher.MAX_MESSAGE_KEYS, record.current.receiverChain(
                RatchetRecord.parse(alice.records.get(bob.address)).current.senderChain.ratchetKey).messageKeys.size());
        assertEquals(RatchetException.Kind.DUPLICATE,
                deliver(new Sent(alice, bob, false, sent.get(50), new byte[] {50}), true).failure(),
                "an evicted key is a duplicate for both");
        deliver(new Sent(alice, bob, false, sent.get(150), new byte[] {(byte) 150}), false);

        for (int i = 0; i <= RatchetCipher.MAX_FORWARD_JUMPS + 1; i++) {
            alice.javaEncrypt(bob.address, new byte[] {1});
        }
        byte[] far = alice.javaEncrypt(bob.address, new byte[] {2}).bytes();
        assertEquals(RatchetException.Kind.DECRYPTION_FAILED,
                deliver(new Sent(alice, bob, false, far, null), true).failure());
    }

    @Test
    void aDelayedMessageOfAnArchivedStatePromotesIt() throws Exception {
        alice.processBundle(bob, 3);
        List<Sent> inFlight = answered();
        send(bob, alice, inFlight);
        Sent delayed = inFlight.remove(0);
        bob.processBundle(alice, null);
        send(bob, alice, inFlight);
        deliver(inFlight.remove(0), false);
        RatchetRecord before = RatchetRecord.parse(alice.records.get(bob.address));
        assertEquals(1, before.previous.size());
        deliver(delayed, false);
        RatchetRecord after = RatchetRecord.parse(alice.records.get(bob.address));
        assertEquals(1, after.previous.size());
        assertArrayEquals(SessionState.parse(new Proto.Reader(before.previous.get(0))).aliceBaseKey,
                after.current.aliceBaseKey, "the archived state is current again");
        assertArrayEquals(before.current.aliceBaseKey,
                SessionState.parse(new Proto.Reader(after.previous.get(0))).aliceBaseKey, "and the other archived");
    }

    @Test
    void aPkmsgOfAnUnknownSessionIsLeftToLibsignal() throws Exception {
        alice.processBundle(bob, 4);
        Outcome pkmsg = alice.javaEncrypt(bob.address, new byte[] {1});
        assertTrue(pkmsg.preKey());
        Map<SignalAddress, byte[]> before = bob.snapshot();
        assertNull(bob.javaDecrypt(alice.address, true, pkmsg.bytes()));
        assertEquals(before.keySet(), bob.records.keySet());
        assertArrayEquals(new byte[] {1}, bob.libsignalDecrypt(alice.address, true, pkmsg.bytes()).bytes());
        Outcome second = alice.javaEncrypt(bob.address, new byte[] {2});
        assertTrue(second.preKey(), "still a pkmsg until bob answers");
        deliver(new Sent(alice, bob, true, second.bytes(), new byte[] {2}), false);
    }

    @Test
    void malformedMessagesFailAlikeInBothParsers() throws Exception {
        alice.processBundle(bob, 6);
        List<Sent> inFlight = new ArrayList<>();
        send(alice, bob, inFlight);
        deliver(inFlight.remove(0), false);
        send(alice, bob, inFlight);
        Sent validPkmsg = inFlight.remove(0);
        assertTrue(validPkmsg.preKey(), "a pkmsg of a session bob knows: the ratchet's part");
        send(bob, alice, inFlight);
        Sent valid = inFlight.remove(0);
        for (int i = 0; i < 400; i++) {
            Sent base = i % 2 == 0 ? valid : validPkmsg;
            byte[] mutated = mutate(base.ciphertext());
            deliver(new Sent(base.from(), base.to(), base.preKey(), mutated, null), true);
        }
        // a mutation can leave the message as it was (a byte set to its own value), or change only the pkmsg's own
        // identity field around an intact inner message: then the original is a duplicate, for both engines alike
        deliver(valid, true);
        deliver(validPkmsg, true);
    }

    // ---- helpers ----

    /** A message each way after alice processed bob's bundle: the session is established on both sides. */
    private List<Sent> answered() throws Exception {
        List<Sent> inFlight = new ArrayList<>();
        send(alice, bob, inFlight);
        deliver(inFlight.remove(0), false);
        send(bob, alice, inFlight);
        deliver(inFlight.remove(0), false);
        return inFlight;
    }

    private byte[] mutate(byte[] bytes) {
        return switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 1 -> {
                byte[] out = bytes.clone();
                out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                yield out;
            }
            case 2 -> {
                byte[] out = bytes.clone();
                out[random.nextInt(Math.min(out.length, 40))] = (byte) random.nextInt(256);
                yield out;
            }
            default -> {
                byte[] out = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8));
                yield out;
            }
        };
    }

    private void send(Device from, Device to, List<Sent> inFlight) throws Exception {
        byte[] plaintext = new byte[random.nextInt(300)];
        random.nextBytes(plaintext);
        Map<SignalAddress, byte[]> before = from.snapshot();
        Map<SignalAddress, byte[]> identitiesBefore = new HashMap<>(from.identities);
        Outcome oracle = from.libsignalEncrypt(to.address, plaintext);
        Map<SignalAddress, byte[]> oracleRecords = from.snapshot();
        from.restore(before);
        from.identities.clear();
        from.identities.putAll(identitiesBefore);
        Outcome java = from.javaEncrypt(to.address, plaintext);
        assertEquals(oracle.failure(), java.failure(), "encrypt outcome");
        if (java.failure() != null) {
            return;
        }
        assertEquals(oracle.preKey(), java.preKey(), "message type");
        assertArrayEquals(oracle.bytes(), java.bytes(), "ciphertext");
        assertArrayEquals(oracleRecords.get(to.address), from.records.get(to.address), "record after encrypt");
        inFlight.add(new Sent(from, to, java.preKey(), java.bytes(), plaintext));
    }

    private void deliverTampered(Sent sent) throws Exception {
        byte[] tampered = sent.ciphertext().clone();
        tampered[1 + random.nextInt(tampered.length - 1)] ^= 0x10;
        deliver(new Sent(sent.from(), sent.to(), sent.preKey(), tampered, null), true);
    }

    /** Delivers one message to both engines; {@code mayFail}: a failure is expected or allowed (then equal kinds). */
    private Outcome deliver(Sent sent, boolean mayFail) throws Exception {
        Device to = sent.to();
        SignalAddress from = sent.from().address;
        Map<SignalAddress, byte[]> before = to.snapshot();
        Map<SignalAddress, byte[]> identitiesBefore = new HashMap<>(to.identities);
        Outcome java = to.javaDecrypt(from, sent.preKey(), sent.ciphertext());
        Map<SignalAddress, byte[]> javaRecords = to.snapshot();
        Map<SignalAddress, byte[]> javaIdentities = new HashMap<>(to.identities);
        to.restore(before);
        to.identities.clear();
        to.identities.putAll(identitiesBefore);
        Outcome oracle = to.libsignalDecrypt(from, sent.preKey(), sent.ciphertext());
        if (java == null) {
            // a pkmsg that sets a session up: libsignal's part; the ratchet must have changed nothing
            assertTrue(sent.preKey());
            assertRecordsEqual(before, javaRecords, "the ratchet left an unknown-session pkmsg alone");
            if (!mayFail) {
                assertNull(oracle.failure(), "libsignal set the session up");
            }
            if (oracle.failure() == null) {
                decrypted++;
            }
            return oracle;
        }
        assertEquals(oracle.failure(), java.failure(), "decrypt outcome of " + (sent.preKey() ? "pkmsg" : "msg"));
        if (java.failure() != null) {
            assertTrue(mayFail, "unexpected failure " + java.failure());
            assertRecordsEqual(before, javaRecords, "a failed decryption changes nothing");
            assertRecordsEqual(before, to.snapshot(), "libsignal too");
            return java;
        }
        if (sent.plaintext() != null) {
            assertArrayEquals(sent.plaintext(), java.bytes());
        }
        assertArrayEquals(oracle.bytes(), java.bytes());
        byte[] javaRecord = javaRecords.get(from);
        byte[] oracleRecord = to.records.get(from);
        assertArrayEquals(masked(oracleRecord), masked(javaRecord), "record after decrypt (ratchet keys masked)");
        RatchetRecord previous = RatchetRecord.parse(before.get(from));
        RatchetRecord now = RatchetRecord.parse(javaRecord);
        boolean stepped = previous.current == null || now.current.senderChain == null
                || !Arrays.equals(previous.current.senderChain.ratchetKey, now.current.senderChain.ratchetKey);
        if (stepped) {
            ratchetSteps++;
        } else {
            assertArrayEquals(oracleRecord, javaRecord, "record after decrypt without ratchet step");
        }
        assertArrayEquals(to.identities.get(from), javaIdentities.get(from), "peer identity saved");
        decrypted++;
        if (random.nextBoolean()) {
            to.records.put(from, javaRecord);
        }
        return java;
    }

    private static void assertRecordsEqual(Map<SignalAddress, byte[]> expected, Map<SignalAddress, byte[]> actual,
            String message) {
        assertEquals(expected.keySet(), actual.keySet(), message);
        expected.forEach((address, bytes) -> assertArrayEquals(bytes, actual.get(address), message));
    }

    /** The record without what a ratchet step draws at random: the current state's root key and sender chain. */
    private static byte[] masked(byte[] record) {
        assertNotNull(record);
        RatchetRecord parsed = RatchetRecord.parse(record);
        if (parsed.current != null) {
            parsed.current.rootKey = SessionState.EMPTY;
            parsed.current.senderChain = null;
        }
        return parsed.serialize();
    }
}
