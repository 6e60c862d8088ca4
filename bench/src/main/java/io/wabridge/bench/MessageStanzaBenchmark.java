package io.wabridge.bench;

import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.binary.MalformedNodeException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.receive.DecryptRetries;
import io.wabridge.client.receive.MessageDecryptor;
import io.wabridge.client.receive.RetryKeys;
import io.wabridge.client.send.OutgoingStanzas;
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
import java.time.Clock;
import java.util.List;
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
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;

/**
 * One 1:1 message as a stanza, per side, on an established session (~100 B of text), everything but the socket:
 * <ul>
 *   <li>{@code sendEncode}: content -> Message -> padded plaintext -> Signal encrypt for one device -> the
 *       {@code <message><participants><to><enc>} stanza -> binary node encoding (dictionary 3);</li>
 *   <li>{@code receiveDecode}: binary node decoding -> envelope -> Signal decrypt -> unpad + parse -> typed content
 *       -> the delivery receipt and ack stanzas ({@link MessageDecryptor}, the receive pipeline's per-stanza work).</li>
 * </ul>
 * Flushing the write-behind stores every {@code flushEvery} messages (1, or 64 = one inbound batch). Compare with
 * {@link SignalCipherBenchmark} for what the stanza layer adds to the cipher core.
 * Run: java -jar bench/target/benchmarks.jar MessageStanzaBenchmark
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MessageStanzaBenchmark {

    private static final int PREPARED = 4096;
    private static final Jid ALICE = Jid.parse("15550001111:2@s.whatsapp.net");
    private static final Jid BOB = Jid.parse("15550002222:7@s.whatsapp.net");
    private static final MessageContent TEXT = new Text(
            "Hi Bob, are we still on for lunch tomorrow at noon? I booked the usual table by the window. See you!");

    @Param({"1", "64"})
    public int flushEvery;

    private final NodeCodec codec = NodeCodec.forVersion(3);
    private MemoryStoreProvider provider;
    private SplittableRandom random;
    private SignalStores aliceStores;
    private SignalCipher aliceCipher;
    private AccountStore bobAccount;
    private Credentials bobCredentials;
    private SignalStores bobStores;
    private MessageDecryptor bobDecryptor;
    private MessageDecryptor.Self bobSelf;
    private byte[][] prepared;
    private byte[] bobSessionSnapshot;
    private SignalAddress aliceAddress;
    private int sent;
    private int received;

    private static Credentials credentials(AccountStore account) {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        ECKeyPair signed = Curve.generateKeyPair();
        byte[] advSecret = new byte[32];
        new SecureRandom().nextBytes(advSecret);
        account.preKeys().storeAll(PreKeyRecords.generate(1, 1));
        return Credentials.builder()
                .noiseKey(SignalKeys.toKeyPair(Curve.generateKeyPair()))
                .identityKey(new KeyPair(SignalKeys.raw(identity.getPublicKey()), identity.getPrivateKey().serialize()))
                .registrationId(1234)
                .signedPreKey(new SignedPreKey(1, SignalKeys.toKeyPair(signed),
                        identity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize())))
                .advSecret(advSecret)
                .build();
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        provider = new MemoryStoreProvider();
        random = new SplittableRandom(42);
        AccountStore aliceAccount = provider.open("alice");
        Credentials aliceCredentials = credentials(aliceAccount);
        aliceStores = SignalStores.open(aliceAccount, aliceCredentials, IdentityChangeListener.NONE);
        aliceCipher = new SignalCipher(aliceStores);
        bobAccount = provider.open("bob");
        bobCredentials = credentials(bobAccount);
        openBob();

        SignedPreKey signed = bobCredentials.signedPreKey();
        byte[] preKey = PreKeyRecords.keyPair(bobAccount.preKeys().load(1).orElseThrow()).publicKey();
        aliceCipher.processBundle(BOB, new DeviceKeyBundle(1234, BOB.device(), 1, preKey, signed.id(),
                signed.keyPair().publicKey(), signed.signature(), bobCredentials.identityKey().publicKey()));
        EncryptedMessage hello = aliceCipher.encrypt(BOB, plaintext());
        bobDecryptor.process(codec.decode(codec.encode(stanza("HELLO", hello))), bobSelf);
        SignalCipher bobCipher = new SignalCipher(bobStores);
        EncryptedMessage reply = bobCipher.encrypt(ALICE, plaintext());
        aliceCipher.decrypt(BOB, reply.type(), reply.ciphertext());
        aliceStores.flush();
        bobStores.flush();

        aliceAddress = SignalAddresses.of(ALICE);
        bobSessionSnapshot = bobAccount.signalSessions().load(aliceAddress).orElseThrow();
        prepared = new byte[PREPARED][];
        for (int i = 0; i < PREPARED; i++) {
            EncryptedMessage message = aliceCipher.encrypt(BOB, plaintext());
            if (message.type() != CiphertextType.MSG) {
                throw new IllegalStateException("expected msg, got " + message.type());
            }
            prepared[i] = codec.encode(stanza("3EB0" + Integer.toHexString(0x10000000 + i).toUpperCase(), message));
        }
        aliceStores.flush();
    }

    private void openBob() {
        bobStores = SignalStores.open(bobAccount, bobCredentials, IdentityChangeListener.NONE);
        bobDecryptor = new MessageDecryptor(new SignalCipher(bobStores),
                new io.wabridge.client.signal.group.GroupCipher(bobStores.senderKeys()), new DecryptRetries(1024),
                new RetryKeys(new CredentialsCell(bobAccount.credentials()), bobAccount.preKeys()), 5, true,
                Clock.systemUTC());
        bobSelf = new MessageDecryptor.Self(BOB, null, 1234);
    }

    private byte[] plaintext() {
        return MessagePlaintext.encode(MessageContentCodec.encode(TEXT), random);
    }

    private static Node stanza(String id, EncryptedMessage encrypted) {
        return Node.builder("message").attr("from", ALICE).attr("id", id).attr("t", "1767225800")
                .attr("type", "text").attr("notify", "Alice")
                .children(Node.builder("enc").attr("v", "2").attr("type", encrypted.type().wireName())
                        .bytes(encrypted.ciphertext()).build()).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        provider.close();
    }

    @Benchmark
    public byte[] sendEncode() throws SignalCipherException {
        Message message = MessageContentCodec.encode(TEXT);
        EncryptedMessage encrypted = aliceCipher.encrypt(BOB, MessagePlaintext.encode(message, random));
        Node node = OutgoingStanzas.fanOut("3EB0ABCDEF0123456789AB", BOB.toNonAd(), message,
                List.of(new OutgoingStanzas.Part(BOB, encrypted)), null);
        if (++sent % flushEvery == 0) {
            aliceStores.flush();
        }
        return codec.encode(node);
    }

    @Benchmark
    public MessageDecryptor.Outcome receiveDecode() throws MalformedNodeException {
        if (received == PREPARED) {
            bobAccount.signalSessions().store(aliceAddress, bobSessionSnapshot);
            openBob();
            received = 0;
        }
        MessageDecryptor.Outcome outcome = bobDecryptor.process(codec.decode(prepared[received++]), bobSelf);
        if (outcome.messages().isEmpty()) {
            throw new IllegalStateException("not decrypted: " + outcome.failures());
        }
        if (received % flushEvery == 0) {
            bobStores.flush();
        }
        return outcome;
    }
}
