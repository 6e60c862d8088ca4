package io.wabridge.bench;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.PlaintextException;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.DeviceKeyBundle;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.SignalCipher;
import io.wabridge.client.signal.SignalCipherException;
import io.wabridge.client.signal.SignalKeys;
import io.wabridge.client.signal.store.IdentityChangeListener;
import io.wabridge.client.signal.store.PreKeyRecords;
import io.wabridge.client.signal.store.SignalStores;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.proto.wa.Message;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;

/**
 * One 1:1 message ("msg", an established session, ~100 B of text) through the whole library core, per side:
 * <ul>
 *   <li>{@code encryptAndEncode}: content -> Message protobuf -> padded plaintext -> Signal encrypt;</li>
 *   <li>{@code decodeAndDecrypt}: Signal decrypt -> unpad + parse -> typed content.</li>
 * </ul>
 * Both over the write-behind stores on the memory store, flushing every {@code flushEvery} messages (1 = every
 * message durable at once; 64 = a pipeline that flushes per batch). The receiver replays {@value #PREPARED}
 * prepared ciphertexts, resetting its session to a saved record after each round (amortized: one record write per
 * round). {@code libsignalEncrypt}/{@code libsignalDecrypt} are the baseline: libsignal-client alone on its own
 * in-memory store with the same padded plaintext, so the difference is what our layer costs.
 * {@code conversationTurn} is a reply in each direction (two encrypts, two decrypts, each decrypt a ratchet step with
 * its X25519 agreements and key generation), flushing both sides per turn; {@code libsignalConversationTurn} the
 * same on libsignal alone.
 * Run: java -jar bench/target/benchmarks.jar SignalCipherBenchmark
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SignalCipherBenchmark {

    private static final int PREPARED = 4096;
    private static final Jid ALICE = Jid.parse("15550001111:2@s.whatsapp.net");
    private static final Jid BOB = Jid.parse("15550002222@s.whatsapp.net");
    /** 100 characters, about what a chat message holds. */
    private static final MessageContent TEXT = new Text(
            "Hi Bob, are we still on for lunch tomorrow at noon? I booked the usual table by the window. See you!");

    @Param({"1", "64"})
    public int flushEvery;

    private MemoryStoreProvider provider;
    private Party alice;
    private Party bob;
    private SplittableRandom random;
    private byte[][] prepared;
    private byte[] bobSessionSnapshot;
    private SignalAddress aliceAddress;
    private int sent;
    private int received;

    // baseline: libsignal-client alone
    private byte[] padded;
    private InMemorySignalProtocolStore plainBob;
    private SignalProtocolAddress plainAliceAddress;
    private SessionCipher plainAliceCipher;
    private SessionCipher plainBobCipher;
    private SessionRecord plainBobSnapshot;
    private byte[][] plainPrepared;
    private int plainReceived;

    // conversation turns: pairs of their own, in step
    private Party turnAlice;
    private Party turnBob;
    private SessionCipher plainTurnAlice;
    private SessionCipher plainTurnBob;

    private record Party(AccountStore account, Credentials credentials, SignalStores[] stores, SignalCipher[] cipher) {
        static Party create(AccountStore account) {
            IdentityKeyPair identity = IdentityKeyPair.generate();
            ECKeyPair signed = Curve.generateKeyPair();
            byte[] advSecret = new byte[32];
            new SecureRandom().nextBytes(advSecret);
            Credentials credentials = Credentials.builder()
                    .noiseKey(SignalKeys.toKeyPair(Curve.generateKeyPair()))
                    .identityKey(new KeyPair(SignalKeys.raw(identity.getPublicKey()), identity.getPrivateKey().serialize()))
                    .registrationId(1234)
                    .signedPreKey(new SignedPreKey(1, SignalKeys.toKeyPair(signed),
                            identity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize())))
                    .advSecret(advSecret)
                    .build();
            account.preKeys().storeAll(PreKeyRecords.generate(1, 1));
            Party party = new Party(account, credentials, new SignalStores[1], new SignalCipher[1]);
            party.open();
            return party;
        }

        void open() {
            stores[0] = SignalStores.open(account, credentials, IdentityChangeListener.NONE);
            cipher[0] = new SignalCipher(stores[0]);
        }

        DeviceKeyBundle bundle(int deviceId) {
            SignedPreKey signed = credentials.signedPreKey();
            byte[] preKey = PreKeyRecords.keyPair(account.preKeys().load(1).orElseThrow()).publicKey();
            return new DeviceKeyBundle(credentials.registrationId(), deviceId, 1, preKey, signed.id(),
                    signed.keyPair().publicKey(), signed.signature(), credentials.identityKey().publicKey());
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        provider = new MemoryStoreProvider();
        alice = Party.create(provider.open("alice"));
        bob = Party.create(provider.open("bob"));
        random = new SplittableRandom(42);
        establish(alice, bob);
        turnAlice = Party.create(provider.open("turn-alice"));
        turnBob = Party.create(provider.open("turn-bob"));
        establish(turnAlice, turnBob);

        aliceAddress = SignalAddresses.of(ALICE);
        bobSessionSnapshot = bob.account.signalSessions().load(aliceAddress).orElseThrow();
        prepared = new byte[PREPARED][];
        for (int i = 0; i < PREPARED; i++) {
            EncryptedMessage message = alice.cipher[0].encrypt(BOB, MessagePlaintext.encode(MessageContentCodec.encode(TEXT), random));
            if (message.type() != CiphertextType.MSG) {
                throw new IllegalStateException("expected msg, got " + message.type());
            }
            prepared[i] = message.ciphertext();
        }
        alice.stores[0].flush();
        setUpBaseline();
    }

    /** A session both ways, each side's store flushed. */
    private void establish(Party a, Party b) throws SignalCipherException {
        a.cipher[0].processBundle(BOB, b.bundle(BOB.device()));
        EncryptedMessage hello = a.cipher[0].encrypt(BOB, MessagePlaintext.encode(MessageContentCodec.encode(TEXT), random));
        b.cipher[0].decrypt(ALICE, hello.type(), hello.ciphertext());
        EncryptedMessage reply = b.cipher[0].encrypt(ALICE, MessagePlaintext.encode(MessageContentCodec.encode(TEXT), random));
        a.cipher[0].decrypt(BOB, reply.type(), reply.ciphertext());
        a.stores[0].flush();
        b.stores[0].flush();
    }

    private void setUpBaseline() throws Exception {
        padded = MessagePlaintext.encode(MessageContentCodec.encode(TEXT), random);
        PlainPair pair = plainPair();
        plainAliceCipher = pair.alice();
        plainBobCipher = pair.bob();
        plainBob = pair.bobStore();
        plainBobSnapshot = plainBob.loadSession(plainAliceAddress);
        plainPrepared = new byte[PREPARED][];
        for (int i = 0; i < PREPARED; i++) {
            plainPrepared[i] = plainAliceCipher.encrypt(padded).serialize();
        }
        PlainPair turnPair = plainPair();
        plainTurnAlice = turnPair.alice();
        plainTurnBob = turnPair.bob();
    }

    private record PlainPair(SessionCipher alice, SessionCipher bob, InMemorySignalProtocolStore bobStore) {
    }

    /** Alice's and Bob's libsignal ciphers on their own in-memory stores, a session both ways. */
    private PlainPair plainPair() throws Exception {
        IdentityKeyPair aliceIdentity = IdentityKeyPair.generate();
        IdentityKeyPair bobIdentity = IdentityKeyPair.generate();
        InMemorySignalProtocolStore plainAlice = new InMemorySignalProtocolStore(aliceIdentity, 1);
        InMemorySignalProtocolStore plainBob = new InMemorySignalProtocolStore(bobIdentity, 2);
        ECKeyPair preKey = Curve.generateKeyPair();
        ECKeyPair signed = Curve.generateKeyPair();
        byte[] signature = bobIdentity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize());
        plainBob.storePreKey(1, new PreKeyRecord(1, preKey));
        plainBob.storeSignedPreKey(1, new SignedPreKeyRecord(1, 0, signed, signature));
        SignalProtocolAddress bobAddress = new SignalProtocolAddress("bob", 0);
        plainAliceAddress = new SignalProtocolAddress("alice", 2);
        new SessionBuilder(plainAlice, bobAddress).process(new PreKeyBundle(2, 0, 1, preKey.getPublicKey(), 1,
                signed.getPublicKey(), signature, bobIdentity.getPublicKey()));
        SessionCipher aliceCipher = new SessionCipher(plainAlice, bobAddress);
        SessionCipher bobCipher = new SessionCipher(plainBob, plainAliceAddress);
        bobCipher.decrypt(new PreKeySignalMessage(aliceCipher.encrypt(padded).serialize()));
        aliceCipher.decrypt(new SignalMessage(bobCipher.encrypt(padded).serialize()));
        return new PlainPair(aliceCipher, bobCipher, plainBob);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        provider.close();
    }

    @Benchmark
    public byte[] encryptAndEncode() throws SignalCipherException {
        Message message = MessageContentCodec.encode(TEXT);
        byte[] padded = MessagePlaintext.encode(message, random);
        EncryptedMessage encrypted = alice.cipher[0].encrypt(BOB, padded);
        if (++sent % flushEvery == 0) {
            alice.stores[0].flush();
        }
        return encrypted.ciphertext();
    }

    @Benchmark
    public MessageContent decodeAndDecrypt() throws SignalCipherException, PlaintextException {
        if (received == PREPARED) {
            // back to the session state the prepared messages start from
            bob.account.signalSessions().store(aliceAddress, bobSessionSnapshot);
            bob.open();
            received = 0;
        }
        byte[] padded = bob.cipher[0].decrypt(ALICE, CiphertextType.MSG, prepared[received++]);
        MessageContent content = MessageContentCodec.decode(MessagePlaintext.decode(padded));
        if (received % flushEvery == 0) {
            bob.stores[0].flush();
        }
        return content;
    }

    @Benchmark
    public byte[] conversationTurn() throws SignalCipherException {
        EncryptedMessage toBob = turnAlice.cipher[0].encrypt(BOB, padded);
        turnBob.cipher[0].decrypt(ALICE, toBob.type(), toBob.ciphertext());
        EncryptedMessage toAlice = turnBob.cipher[0].encrypt(ALICE, padded);
        byte[] plaintext = turnAlice.cipher[0].decrypt(BOB, toAlice.type(), toAlice.ciphertext());
        turnAlice.stores[0].flush();
        turnBob.stores[0].flush();
        return plaintext;
    }

    @Benchmark
    public byte[] libsignalConversationTurn() throws Exception {
        byte[] toBob = plainTurnAlice.encrypt(padded).serialize();
        plainTurnBob.decrypt(new SignalMessage(toBob));
        byte[] toAlice = plainTurnBob.encrypt(padded).serialize();
        return plainTurnAlice.decrypt(new SignalMessage(toAlice));
    }

    @Benchmark
    public byte[] libsignalEncrypt() throws Exception {
        return plainAliceCipher.encrypt(padded).serialize();
    }

    @Benchmark
    public byte[] libsignalDecrypt() throws Exception {
        if (plainReceived == PREPARED) {
            plainBob.storeSession(plainAliceAddress, plainBobSnapshot);
            plainReceived = 0;
        }
        return plainBobCipher.decrypt(new SignalMessage(plainPrepared[plainReceived++]));
    }
}
