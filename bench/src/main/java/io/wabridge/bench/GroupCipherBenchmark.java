package io.wabridge.bench;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.signal.group.GroupCipher;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One group message through the sender-key cipher ({@code io.wabridge.client.signal.group.GroupCipher}), ~100 B
 * padded plaintext, on the memory store (each op loads, parses, serializes and stores the record, as the cipher
 * does today without a write-behind buffer):
 * <ul>
 *   <li>{@code encrypt}: our chain's next message key, AES-256-CBC, XEdDSA signature;</li>
 *   <li>{@code decrypt}: the receiver verifies and decrypts {@value #PREPARED} prepared messages in order, its record
 *       reset to the saved one after each round (amortized: one store write per round); with {@code cachedKeys}
 *       2000 the sender first sent 2,000 messages the receiver never got, so its record carries 2,000 skipped keys
 *       (about 80 KB) that every decrypt parses and writes back;</li>
 *   <li>{@code xeddsaSign} / {@code xeddsaVerify}: the signature alone (libsignal's native curve), the floor of each
 *       side.</li>
 * </ul>
 * Run: java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar GroupCipherBenchmark
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class GroupCipherBenchmark {

    private static final int PREPARED = 4096;
    private static final SenderKeyName SENDER = new SenderKeyName("120363000000000001@g.us",
            new SignalAddress("15550001111", 0));

    @Param({"0", "2000"})
    public int cachedKeys;

    private MemoryStoreProvider provider;
    private GroupCipher sender;
    private GroupCipher receiver;
    private SenderKeyStore receiverStore;
    private byte[] receiverStart;
    private byte[][] prepared;
    private int next;
    private byte[] plaintext;
    private X25519KeyPair signingKey;
    private byte[] signature;

    @Setup
    public void setUp() throws SenderKeyException {
        provider = new MemoryStoreProvider();
        sender = new GroupCipher(provider.open("sender").senderKeys());
        receiverStore = provider.open("receiver").senderKeys();
        receiver = new GroupCipher(receiverStore);
        plaintext = new byte[112];
        new SplittableRandom(1).nextBytes(plaintext);
        receiver.processDistribution(SENDER, sender.createDistribution(SENDER));
        receiverStart = receiverStore.load(SENDER).orElseThrow();
        for (int i = 0; i < cachedKeys; i++) {
            sender.encrypt(SENDER, plaintext); // lost on the way: the receiver caches their keys
        }
        prepared = new byte[PREPARED][];
        for (int i = 0; i < PREPARED; i++) {
            prepared[i] = sender.encrypt(SENDER, plaintext);
        }
        signingKey = X25519.generateKeyPair();
        signature = XEdDsa.sign(signingKey.privateKey(), plaintext);
    }

    @TearDown
    public void tearDown() {
        provider.close();
    }

    @Benchmark
    public byte[] encrypt() throws SenderKeyException {
        return sender.encrypt(SENDER, plaintext);
    }

    @Benchmark
    public byte[] decrypt() throws SenderKeyException {
        if (next == PREPARED) {
            receiverStore.store(SENDER, receiverStart);
            next = 0;
        }
        return receiver.decrypt(SENDER, prepared[next++]);
    }

    @Benchmark
    public byte[] xeddsaSign() {
        return XEdDsa.sign(signingKey.privateKey(), plaintext);
    }

    @Benchmark
    public boolean xeddsaVerify() {
        return XEdDsa.verify(signingKey.publicKey(), plaintext, signature);
    }
}
