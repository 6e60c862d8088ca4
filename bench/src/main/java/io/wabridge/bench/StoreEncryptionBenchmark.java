package io.wabridge.bench;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.encryption.EncryptedStoreProvider;
import io.wabridge.client.store.encryption.Keyring;
import io.wabridge.client.store.encryption.MasterKey;
import io.wabridge.client.store.encryption.PlaintextPolicy;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost encryption at rest adds to the store write a Signal session update makes per message (a write-behind
 * flush: {@code storeAll} of one session record, 1.5 KB by default) and to the read of a record, over the memory
 * backend so that only the sealing is measured (a database round trip adds 260-600 us on top, see StoreBackendProbe):
 * {@code encrypted=false} is the bare store, {@code true} the same store behind {@link EncryptedStoreProvider} with
 * the session's data key already unwrapped (as after the session's first store access). The same for message content
 * in the archive: {@code archiveMessage} (one received message archived, as a committed batch of one does) and
 * {@code readArchivedMessage} (one archived message read, as a quote or a get_messages page does per message).
 * <pre>
 *   java -jar bench/target/benchmarks.jar StoreEncryptionBenchmark -wi 3 -w 1 -i 5 -r 1 -f 1 -prof gc
 *   java -jar bench/target/benchmarks.jar 'StoreEncryptionBenchmark.*rchive' -wi 3 -w 1 -i 5 -r 1 -f 1 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreEncryptionBenchmark {

    @Param({"false", "true"})
    boolean encrypted;

    @Param({"1536"})
    int recordBytes;

    private static final SignalAddress PEER = new SignalAddress("15550001111", 0);
    private static final String CHAT = "15550001111@s.whatsapp.net";
    private AccountStore store;
    private byte[] record;
    private ArchivedMessage archived;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(18);
        StoreProvider provider = new MemoryStoreProvider();
        if (encrypted) {
            byte[] key = new byte[MasterKey.LENGTH];
            random.nextBytes(key);
            provider = new EncryptedStoreProvider(provider, new Keyring(List.of(new MasterKey("bench", key))),
                    PlaintextPolicy.REFUSE);
        }
        store = provider.open("bench");
        store.credentials().save(Credentials.builder()
                .noiseKey(new KeyPair(bytes(random, 32), bytes(random, 32)))
                .identityKey(new KeyPair(bytes(random, 32), bytes(random, 32)))
                .signedPreKey(new SignedPreKey(1, new KeyPair(bytes(random, 32), bytes(random, 32)), bytes(random, 64)))
                .advSecret(bytes(random, 32)).registrationId(1).build(), CredentialsStore.ABSENT);
        record = bytes(random, recordBytes);
        record[0] = 0x0A; // a protobuf record
        store.signalSessions().store(PEER, record);
        archived = new ArchivedMessage(CHAT, "3EB0BENCH0000000001", false, CHAT, CHAT, null, "Bench",
                System.currentTimeMillis(), record);
        store.messages().archive(List.of(archived));
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Benchmark
    public void flushSessionRecord() {
        store.signalSessions().storeAll(Map.of(PEER, record));
    }

    @Benchmark
    public byte[] loadSessionRecord() {
        return store.signalSessions().load(PEER).orElseThrow();
    }

    @Benchmark
    public void archiveMessage() {
        store.messages().archive(List.of(archived));
    }

    @Benchmark
    public ArchivedMessage readArchivedMessage() {
        return store.messages().archived(CHAT, archived.id()).orElseThrow();
    }
}
