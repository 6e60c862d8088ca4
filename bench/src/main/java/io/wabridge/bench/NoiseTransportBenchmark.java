package io.wabridge.bench;

import io.wabridge.client.noise.NoiseCipher;
import java.security.SecureRandom;
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
 * Post-handshake Noise transport throughput: one direction's AES-256-GCM frame encryption and
 * decryption (counter IV, empty AAD), for a small stanza-sized frame and a 16 KiB frame.
 * MB/s = ops/s x frame size. Run: java -jar bench/target/benchmarks.jar NoiseTransportBenchmark
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class NoiseTransportBenchmark {

    /** Ciphertexts prepared per decryptor; a fresh decryptor (counter 0) replays them. */
    private static final int PREPARED = 1024;

    @Param({"200", "16384"})
    public int size;

    private byte[] key;
    private byte[] plaintext;
    private byte[] encryptOut;
    private NoiseCipher encryptor;
    private byte[][] ciphertexts;
    private NoiseCipher decryptor;
    private int next;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        key = new byte[32];
        random.nextBytes(key);
        plaintext = new byte[size];
        random.nextBytes(plaintext);
        encryptOut = new byte[3 + NoiseCipher.encryptedLength(size)];
        encryptor = NoiseCipher.encryptor(key);
        NoiseCipher preparer = NoiseCipher.encryptor(key);
        ciphertexts = new byte[PREPARED][];
        for (int i = 0; i < PREPARED; i++) {
            ciphertexts[i] = preparer.encrypt(plaintext);
        }
        decryptor = NoiseCipher.decryptor(key);
    }

    /** Encrypts into a preallocated frame buffer after a 3-byte length prefix, as the transport does. */
    @Benchmark
    public int encrypt() {
        return encryptor.encrypt(plaintext, 0, size, encryptOut, 3);
    }

    /** Decrypts into a new plaintext array, as the transport does (1 in 1024 calls also builds a decryptor). */
    @Benchmark
    public byte[] decrypt() {
        if (next == PREPARED) {
            decryptor = NoiseCipher.decryptor(key);
            next = 0;
        }
        return decryptor.decrypt(ciphertexts[next++]);
    }
}
