package io.wabridge.client.signal.group;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.signal.RetryReason;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.signal.SenderKeyException.Failure;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupCipherTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String GROUP = "120363000000000001@g.us";
    private static final SenderKeyName ALICE = new SenderKeyName(GROUP, new SignalAddress("15550001111", 0));

    // Known-answer vectors produced ONCE by Baileys 7.0.0-rc14's own group cipher (lib/Signal/Group on
    // libsignal-node) with conformance/harness/sender-keys.mjs:
    //   node harness/sender-keys.mjs encrypt baileys7 68656c6c6f 776f726c64 "" 0a0b0c
    // and committed as constants. Baileys encrypts at iterations 0, 2, 4, 6 (its encrypt asks for iteration + 1
    // after the first message), so decrypting them also exercises the skipped-key cache.
    private static final byte[] BAILEYS_DISTRIBUTION = HEX.parseHex("33089189b80310001a20c2dd927353cd6bb49ca119425e"
            + "cffa203422f51917bcc814e7462a517fc549c3222105afbfb91528f746321225b25dbf694f128abeb3739ddf18ee31d3b1bbaa"
            + "56ab61");
    private static final byte[][] BAILEYS_MESSAGES = {
        HEX.parseHex("33089189b80310001a10b60015f997137d02a6688a3173018f2aa4175d86065d4f44f083136b8d47798fe00e97bde1"
                + "66e3d97c32c24cfd9b719994bb71406eda91d7400ba91f17dcfb7f3fb836c7ccbf39fa1c7625fbd366d082"),
        HEX.parseHex("33089189b80310021a103cfc3a892a67da125836a202da6b53d8c1bedcc78146e7d8d7eef60c0c7eb2bf68471558"
                + "8eab785b611ed0d7b3f7cd6bcb73c6618a92ce4d812ba68ab1ab15c0adeaf5e65c8727b882cdfb3d0a734e86"),
        HEX.parseHex("33089189b80310041a10671fecff4af9f2bf28ce7da3493e4ae2f4b86198ede31a92d2c5240c5e86ea8653d710a1"
                + "2820d234766fbbaea2cb4d424b87b04f11fd0f62ea0ca5373983768bc50cd1274c528f39cf395716a656ab80"),
        HEX.parseHex("33089189b80310061a10efa3897853937cce284603e6e468235e6c7ced9d2dec9848f8305e81a0b03134f6b2a6"
                + "19885917419751ae6773748bdc1fcc3a390c80de75f924c209f2b0969456e12e1967aa106050a19cc768e38e81"),
    };
    private static final byte[][] BAILEYS_PLAINTEXTS = {
        "hello".getBytes(UTF_8), "world".getBytes(UTF_8), new byte[0], {0x0a, 0x0b, 0x0c},
    };
    private static final int[] BAILEYS_ITERATIONS = {0, 2, 4, 6};

    private MemoryStoreProvider provider;
    private SenderKeyStore aliceStore;
    private SenderKeyStore bobStore;
    private GroupCipher alice;
    private GroupCipher bob;

    @BeforeEach
    void setUp() {
        provider = new MemoryStoreProvider();
        aliceStore = provider.open("alice").senderKeys();
        bobStore = provider.open("bob").senderKeys();
        alice = new GroupCipher(aliceStore);
        bob = new GroupCipher(bobStore);
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private static Failure failureOf(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(SenderKeyException.class, call).failure();
    }

    @Test
    void decryptsBaileysKnownAnswersInOrderAndCachesTheKeysItSkipped() throws Exception {
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        for (int i = 0; i < BAILEYS_MESSAGES.length; i++) {
            assertArrayEquals(BAILEYS_PLAINTEXTS[i], bob.decrypt(ALICE, BAILEYS_MESSAGES[i]), "message " + i);
        }
        SenderKeyState state = SenderKeyRecord.parse(bobStore.load(ALICE).orElseThrow()).current();
        assertEquals(7210129, state.keyId(), "key id of the vector (0x33 08 91 89 b8 03)");
        assertEquals(7, state.iteration());
        assertEquals(3, state.cachedMessageKeys(), "iterations 1, 3 and 5 were skipped");
        assertFalse(state.hasSigningPrivateKey());
    }

    /**
     * A receive batch defers a distribution message whose record was not read ahead (its group was named only inside
     * a 1:1 message): nothing is read or stored until it is applied, in order; a message of that sender in the batch
     * that needs the key before then has it applied first, so it decrypts.
     */
    @Test
    void aDeferredDistributionIsStoredWhenAppliedOrBeforeAMessageThatNeedsIt() throws Exception {
        SenderKeyName other = new SenderKeyName("120363000000000002@g.us", ALICE.sender());
        java.util.List<SenderKeyName> loads = new ArrayList<>();
        SenderKeyStore counted = new SenderKeyStore() {
            @Override public java.util.Optional<byte[]> load(SenderKeyName name) {
                loads.add(name);
                return bobStore.load(name);
            }
            @Override public java.util.Map<SenderKeyName, byte[]> loadAll(java.util.Collection<SenderKeyName> names) {
                return bobStore.loadAll(names);
            }
            @Override public void store(SenderKeyName name, byte[] record) {
                bobStore.store(name, record);
            }
            @Override public void storeAll(java.util.Map<SenderKeyName, byte[]> records) {
                bobStore.storeAll(records);
            }
            @Override public void delete(SenderKeyName name) {
                bobStore.delete(name);
            }
            @Override public void deleteGroup(String groupId) {
                bobStore.deleteGroup(groupId);
            }
        };
        GroupCipher deferring = new GroupCipher(counted);
        deferring.deferDistributions(name -> false);
        deferring.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        deferring.processDistribution(other, alice.createDistribution(new SenderKeyName(other.groupId(),
                ALICE.sender())));
        assertEquals(List.of(), loads, "nothing read while deferred");
        assertTrue(bobStore.load(ALICE).isEmpty(), "nothing stored while deferred");
        assertEquals(Failure.MALFORMED, failureOf(() -> deferring.processDistribution(ALICE, new byte[] {0x33})),
                "a malformed distribution still fails at once");

        assertArrayEquals(BAILEYS_PLAINTEXTS[0], deferring.decrypt(ALICE, BAILEYS_MESSAGES[0]),
                "a message needing the deferred key has it applied first");
        assertEquals(java.util.Set.of(other), deferring.stopDeferring(), "the other group's key still waits");
        assertTrue(bobStore.load(other).isEmpty());
        deferring.applyDeferred();
        assertTrue(bobStore.load(other).isPresent(), "applied");
        assertEquals(java.util.Set.of(), deferring.stopDeferring());

        deferring.deferDistributions(name -> false);
        deferring.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        deferring.dropDeferred();
        assertEquals(java.util.Set.of(), deferring.stopDeferring(), "dropped with its failed batch");
    }

    @Test
    void decryptsBaileysKnownAnswersOutOfOrder() throws Exception {
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        for (int i : new int[] {3, 0, 2, 1}) {
            assertArrayEquals(BAILEYS_PLAINTEXTS[i], bob.decrypt(ALICE, BAILEYS_MESSAGES[i]), "message " + i);
        }
        SenderKeyState state = SenderKeyRecord.parse(bobStore.load(ALICE).orElseThrow()).current();
        assertEquals(7, state.iteration());
        assertEquals(3, state.cachedMessageKeys());
    }

    @Test
    void encryptsTheSameCiphertextAsBaileysForTheSameChainKey() throws Exception {
        SenderKeyMessages.Distribution vector = SenderKeyMessages.parseDistribution(BAILEYS_DISTRIBUTION);
        X25519KeyPair signing = X25519.generateKeyPair();
        SenderKeyRecord own = new SenderKeyRecord();
        own.setOwnState(new SenderKeyState(vector.keyId(), 0, vector.chainKey(),
                XEdDsa.withTypePrefix(signing.publicKey()), signing.privateKey()));
        aliceStore.store(ALICE, own.serialize());
        for (int i = 0; i < 7; i++) {
            int slot = Arrays.binarySearch(BAILEYS_ITERATIONS, i);
            byte[] ours = alice.encrypt(ALICE, slot >= 0 ? BAILEYS_PLAINTEXTS[slot] : new byte[] {1});
            SenderKeyMessages.Message parsed = SenderKeyMessages.parseMessage(ours);
            assertEquals(i, parsed.iteration());
            assertEquals(vector.keyId(), parsed.keyId());
            if (slot >= 0) {
                SenderKeyMessages.Message theirs = SenderKeyMessages.parseMessage(BAILEYS_MESSAGES[slot]);
                assertArrayEquals(theirs.ciphertext(), parsed.ciphertext(), "iteration " + i);
                // Everything but the (randomized) XEdDSA signature is byte-identical.
                assertArrayEquals(Arrays.copyOf(BAILEYS_MESSAGES[slot], theirs.signed()),
                        Arrays.copyOf(ours, parsed.signed()));
            }
        }
    }

    @Test
    void roundTripsOurOwnKeyInAnyOrder() throws Exception {
        byte[] distribution = alice.createDistribution(ALICE);
        assertArrayEquals(distribution, alice.createDistribution(ALICE), "the same key until it is rotated");
        assertEquals(0x33, distribution[0] & 0xff);
        bob.processDistribution(ALICE, distribution);
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(alice.encrypt(ALICE, ("group message " + i).getBytes(UTF_8)));
        }
        for (int i : new int[] {9, 0, 5, 1, 8, 2, 7, 3, 6, 4}) {
            assertEquals("group message " + i, new String(bob.decrypt(ALICE, messages.get(i)), UTF_8));
        }
        assertEquals(Failure.DUPLICATE, failureOf(() -> bob.decrypt(ALICE, messages.get(4))));
        SenderKeyState state = SenderKeyRecord.parse(bobStore.load(ALICE).orElseThrow()).current();
        assertEquals(10, state.iteration());
        assertEquals(0, state.cachedMessageKeys(), "every skipped key was used once and dropped");
        // A distribution created after some messages starts the receiver at the current iteration.
        byte[] later = alice.createDistribution(ALICE);
        assertEquals(10, SenderKeyMessages.parseDistribution(later).iteration());
    }

    @Test
    void duplicateIsRejectedWithoutAskingForARetry() throws Exception {
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        bob.decrypt(ALICE, BAILEYS_MESSAGES[0]);
        SenderKeyException e = assertThrows(SenderKeyException.class, () -> bob.decrypt(ALICE, BAILEYS_MESSAGES[0]));
        assertEquals(Failure.DUPLICATE, e.failure());
        assertFalse(e.shouldRetry());
        // A distribution message processed again (a retry re-sends it) does not reset the chain.
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        assertEquals(Failure.DUPLICATE, failureOf(() -> bob.decrypt(ALICE, BAILEYS_MESSAGES[0])));
        assertArrayEquals(BAILEYS_PLAINTEXTS[1], bob.decrypt(ALICE, BAILEYS_MESSAGES[1]));
    }

    @Test
    void signaturesCheckedAheadAreUsedOnlyForTheSameBytesAndKey() throws Exception {
        java.util.List<Runnable> pool = new java.util.ArrayList<>();
        bob.verifyAheadOn(pool::add);
        bob.verifyAhead(ALICE, BAILEYS_MESSAGES[0]);
        assertTrue(pool.isEmpty(), "no check before the sender's signing key is known");
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        for (byte[] message : BAILEYS_MESSAGES) {
            bob.verifyAhead(ALICE, message);
        }
        assertEquals(BAILEYS_MESSAGES.length, pool.size());
        pool.removeFirst().run(); // message 0 checked on the pool; message 1's check not run yet
        assertArrayEquals(BAILEYS_PLAINTEXTS[0], bob.decrypt(ALICE, BAILEYS_MESSAGES[0]));
        assertEquals(1, bob.verifiedAhead());
        assertArrayEquals(BAILEYS_PLAINTEXTS[1], bob.decrypt(ALICE, BAILEYS_MESSAGES[1]), "checked inline");
        pool.removeFirst().run(); // abandoned: does nothing
        assertEquals(1, bob.verifiedAhead());
        // a message checked ahead, then another with its key id and iteration but other bytes: checked inline
        pool.removeFirst().run();
        byte[] forged = BAILEYS_MESSAGES[2].clone();
        forged[forged.length - 1] ^= 1;
        assertEquals(Failure.BAD_SIGNATURE, failureOf(() -> bob.decrypt(ALICE, forged)));
        // a bad signature checked ahead fails as inline
        byte[] tampered = BAILEYS_MESSAGES[3].clone();
        tampered[10] ^= 1;
        pool.clear();
        bob.verifyAhead(ALICE, tampered);
        pool.removeFirst().run();
        assertEquals(Failure.BAD_SIGNATURE, failureOf(() -> bob.decrypt(ALICE, tampered)));
        assertEquals(1, bob.verifiedAhead());
        assertArrayEquals(BAILEYS_PLAINTEXTS[2], bob.decrypt(ALICE, BAILEYS_MESSAGES[2]));
        assertArrayEquals(BAILEYS_PLAINTEXTS[3], bob.decrypt(ALICE, BAILEYS_MESSAGES[3]));
    }

    @Test
    void tamperedMessagesFailTheSignatureAndChangeNothing() throws Exception {
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        byte[] before = bobStore.load(ALICE).orElseThrow();
        byte[] body = BAILEYS_MESSAGES[1].clone();
        body[10] ^= 1;
        SenderKeyException e = assertThrows(SenderKeyException.class, () -> bob.decrypt(ALICE, body));
        assertEquals(Failure.BAD_SIGNATURE, e.failure());
        assertEquals(RetryReason.INVALID_SIGNATURE, e.retryReason());
        assertTrue(e.shouldRetry());
        byte[] signature = BAILEYS_MESSAGES[1].clone();
        signature[signature.length - 1] ^= 1;
        assertEquals(Failure.BAD_SIGNATURE, failureOf(() -> bob.decrypt(ALICE, signature)));
        assertArrayEquals(before, bobStore.load(ALICE).orElseThrow(), "a failed decrypt stores nothing");
        assertArrayEquals(BAILEYS_PLAINTEXTS[1], bob.decrypt(ALICE, BAILEYS_MESSAGES[1]));
    }

    @Test
    void missingOrUnknownSenderKeysAreNamed() throws Exception {
        SenderKeyException none = assertThrows(SenderKeyException.class, () -> bob.decrypt(ALICE, BAILEYS_MESSAGES[0]));
        assertEquals(Failure.NO_SENDER_KEY, none.failure());
        assertEquals(RetryReason.NO_SESSION, none.retryReason());
        bob.processDistribution(ALICE, alice.createDistribution(ALICE));
        SenderKeyException unknown = assertThrows(SenderKeyException.class,
                () -> bob.decrypt(ALICE, BAILEYS_MESSAGES[0]));
        assertEquals(Failure.UNKNOWN_KEY_ID, unknown.failure());
        assertEquals(RetryReason.INVALID_KEY_ID, unknown.retryReason());
        assertEquals(Failure.NO_SENDER_KEY, failureOf(() -> bob.encrypt(ALICE, new byte[1])),
                "bob has only alice's public state: he cannot encrypt with it");
    }

    @Test
    void malformedInputIsMalformedNotACrash() throws Exception {
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        byte[] version2 = BAILEYS_MESSAGES[0].clone();
        version2[0] = 0x22;
        assertEquals(Failure.UNSUPPORTED_VERSION, failureOf(() -> bob.decrypt(ALICE, version2)));
        assertEquals(Failure.MALFORMED, failureOf(() -> bob.decrypt(ALICE, new byte[0])));
        assertEquals(Failure.MALFORMED, failureOf(() -> bob.decrypt(ALICE, Arrays.copyOf(BAILEYS_MESSAGES[0], 40))));
        byte[] garbage = new byte[100];
        Arrays.fill(garbage, (byte) 0xff);
        garbage[0] = 0x33;
        assertEquals(Failure.MALFORMED, failureOf(() -> bob.decrypt(ALICE, garbage)));
        assertEquals(Failure.MALFORMED, failureOf(() -> bob.processDistribution(ALICE, new byte[] {0x33})));
        assertEquals(Failure.MALFORMED, failureOf(() -> bob.processDistribution(ALICE,
                Arrays.copyOf(BAILEYS_DISTRIBUTION, 30))));
        byte[] badKey = BAILEYS_DISTRIBUTION.clone();
        badKey[badKey.length - 33] = 0x07; // signing key type byte
        assertEquals(Failure.MALFORMED, failureOf(() -> bob.processDistribution(ALICE, badKey)));
        assertEquals(Failure.UNSUPPORTED_VERSION, failureOf(() -> bob.processDistribution(ALICE,
                HEX.parseHex("23" + HEX.formatHex(BAILEYS_DISTRIBUTION, 1, BAILEYS_DISTRIBUTION.length)))));
        assertArrayEquals(BAILEYS_PLAINTEXTS[0], bob.decrypt(ALICE, BAILEYS_MESSAGES[0]), "still usable");
    }

    @Test
    void aCorruptStoredRecordIsReplacedByTheNextDistribution() throws Exception {
        bobStore.store(ALICE, new byte[] {0x0a, 0x7f});
        assertEquals(Failure.NO_SENDER_KEY, failureOf(() -> bob.decrypt(ALICE, BAILEYS_MESSAGES[0])));
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        assertArrayEquals(BAILEYS_PLAINTEXTS[0], bob.decrypt(ALICE, BAILEYS_MESSAGES[0]));
    }

    @Test
    void forwardJumpIsBoundedAndTheCacheKeepsTheNewest2000Keys() throws Exception {
        bob.processDistribution(ALICE, alice.createDistribution(ALICE));
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i <= GroupCipher.MAX_FORWARD_ITERATIONS + 5; i++) {
            messages.add(alice.encrypt(ALICE, new byte[] {(byte) i}));
        }
        SenderKeyException far = assertThrows(SenderKeyException.class,
                () -> bob.decrypt(ALICE, messages.get(GroupCipher.MAX_FORWARD_ITERATIONS + 1)));
        assertEquals(Failure.TOO_FAR_IN_FUTURE, far.failure());
        assertEquals(RetryReason.FUTURE_MESSAGE, far.retryReason());
        // Exactly the bound ahead is accepted: 2000 skipped keys cached.
        assertArrayEquals(new byte[] {(byte) 2000}, bob.decrypt(ALICE, messages.get(GroupCipher.MAX_FORWARD_ITERATIONS)));
        SenderKeyState state = SenderKeyRecord.parse(bobStore.load(ALICE).orElseThrow()).current();
        assertEquals(SenderKeyState.MAX_MESSAGE_KEYS, state.cachedMessageKeys());
        // Four more skipped keys (2001-2004) push the four oldest (0-3) out of the cache.
        assertArrayEquals(new byte[] {(byte) 2005}, bob.decrypt(ALICE, messages.get(2005)));
        state = SenderKeyRecord.parse(bobStore.load(ALICE).orElseThrow()).current();
        assertEquals(SenderKeyState.MAX_MESSAGE_KEYS, state.cachedMessageKeys());
        for (int i = 0; i < 4; i++) {
            int iteration = i;
            assertEquals(Failure.DUPLICATE, failureOf(() -> bob.decrypt(ALICE, messages.get(iteration))));
        }
        assertArrayEquals(new byte[] {4}, bob.decrypt(ALICE, messages.get(4)), "the oldest key still cached");
        assertArrayEquals(new byte[] {(byte) 2004}, bob.decrypt(ALICE, messages.get(2004)));
    }

    @Test
    void keepsAtMostFiveSenderKeysPerSenderNewestFirst() throws Exception {
        List<byte[]> firstMessages = new ArrayList<>();
        for (int k = 0; k < SenderKeyRecord.MAX_STATES + 1; k++) {
            bob.processDistribution(ALICE, alice.createDistribution(ALICE));
            firstMessages.add(alice.encrypt(ALICE, new byte[] {(byte) k}));
            alice.rotate(ALICE);
        }
        SenderKeyRecord record = SenderKeyRecord.parse(bobStore.load(ALICE).orElseThrow());
        assertEquals(SenderKeyRecord.MAX_STATES, record.states().size());
        assertEquals(Failure.UNKNOWN_KEY_ID, failureOf(() -> bob.decrypt(ALICE, firstMessages.get(0))),
                "the oldest sender key was dropped");
        for (int k = 1; k < firstMessages.size(); k++) {
            assertArrayEquals(new byte[] {(byte) k}, bob.decrypt(ALICE, firstMessages.get(k)));
        }
    }

    @Test
    void rotationMakesANewKeyTheOldMembersCannotRead() throws Exception {
        byte[] first = alice.createDistribution(ALICE);
        bob.processDistribution(ALICE, first);
        alice.rotate(ALICE);
        assertFalse(alice.hasSenderKey(ALICE));
        byte[] second = alice.createDistribution(ALICE);
        SenderKeyMessages.Distribution a = SenderKeyMessages.parseDistribution(first);
        SenderKeyMessages.Distribution b = SenderKeyMessages.parseDistribution(second);
        assertNotEquals(HEX.formatHex(a.chainKey()), HEX.formatHex(b.chainKey()));
        assertNotEquals(HEX.formatHex(a.signingKey()), HEX.formatHex(b.signingKey()));
        byte[] message = alice.encrypt(ALICE, "after rotation".getBytes(UTF_8));
        assertEquals(Failure.UNKNOWN_KEY_ID, failureOf(() -> bob.decrypt(ALICE, message)));
    }

    @Test
    void recordsAreLibsignalsLayoutByteForByte() throws Exception {
        alice.createDistribution(ALICE);
        alice.encrypt(ALICE, new byte[] {1});
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        bob.decrypt(ALICE, BAILEYS_MESSAGES[2]);
        for (byte[] record : List.of(aliceStore.load(ALICE).orElseThrow(), bobStore.load(ALICE).orElseThrow())) {
            // libsignal-client 0.23.1's own SenderKeyRecord parses it and writes back the same bytes.
            byte[] libsignal = new org.signal.libsignal.protocol.groups.state.SenderKeyRecord(record).serialize();
            assertArrayEquals(record, libsignal);
            assertArrayEquals(record, SenderKeyRecord.parse(record).serialize(), "our own round trip");
        }
        SenderKeyRecord own = SenderKeyRecord.parse(aliceStore.load(ALICE).orElseThrow());
        assertTrue(own.current().hasSigningPrivateKey());
        assertEquals(1, own.current().iteration());
        SenderKeyState theirs = SenderKeyRecord.parse(bobStore.load(ALICE).orElseThrow()).current();
        assertEquals(5, theirs.iteration());
        assertEquals(4, theirs.cachedMessageKeys());
        assertEquals(33, theirs.signingPublicKey().length);
    }

    @Test
    void acceptsABareThirtyTwoByteSigningKey() throws Exception {
        SenderKeyMessages.Distribution vector = SenderKeyMessages.parseDistribution(BAILEYS_DISTRIBUTION);
        byte[] bare = SenderKeyMessages.serializeDistribution(vector.keyId(), 0, vector.chainKey(),
                XEdDsa.stripTypePrefix(vector.signingKey()));
        bob.processDistribution(ALICE, bare);
        assertArrayEquals(BAILEYS_PLAINTEXTS[3], bob.decrypt(ALICE, BAILEYS_MESSAGES[3]));
    }

    @Test
    void aDistributionAgainMovesItsKeyToTheFrontAndAnotherSigningKeyReplacesTheSameId() throws Exception {
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        byte[] second = alice.createDistribution(ALICE);
        bob.processDistribution(ALICE, second);
        bob.processDistribution(ALICE, BAILEYS_DISTRIBUTION);
        SenderKeyMessages.Distribution vector = SenderKeyMessages.parseDistribution(BAILEYS_DISTRIBUTION);
        List<SenderKeyState> states = SenderKeyRecord.parse(bobStore.load(ALICE).orElseThrow()).states();
        assertEquals(2, states.size());
        assertEquals(vector.keyId(), states.get(0).keyId());
        assertEquals(SenderKeyMessages.parseDistribution(second).keyId(), states.get(1).keyId());
        // The same key id under another signing key: the old state goes, its messages no longer verify.
        X25519KeyPair other = X25519.generateKeyPair();
        bob.processDistribution(ALICE, SenderKeyMessages.serializeDistribution(vector.keyId(), 0, vector.chainKey(),
                XEdDsa.withTypePrefix(other.publicKey())));
        states = SenderKeyRecord.parse(bobStore.load(ALICE).orElseThrow()).states();
        assertEquals(2, states.size());
        assertArrayEquals(XEdDsa.withTypePrefix(other.publicKey()), states.get(0).signingPublicKey());
        assertEquals(Failure.BAD_SIGNATURE, failureOf(() -> bob.decrypt(ALICE, BAILEYS_MESSAGES[0])));
    }
}
