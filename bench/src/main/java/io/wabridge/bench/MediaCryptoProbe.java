package io.wabridge.bench;

import io.wabridge.client.media.ExpectedMedia;
import io.wabridge.client.media.MediaCrypto;
import io.wabridge.client.media.MediaDigest;
import io.wabridge.client.media.MediaKeys;
import io.wabridge.client.media.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Media crypto throughput, file to file, side by side with OpenSSL on the same files in the same run:
 * <ul>
 *   <li>ours, encrypt: {@code MediaCrypto.encrypt} (AES-256-CBC, HMAC-SHA256, SHA-256 of plaintext and blob)
 *   <li>ours, decrypt: {@code MediaCrypto.decryptToFile} (the same checks, plus the verified temp-file commit)
 *   <li>openssl, encrypt: {@code openssl enc -aes-256-cbc} of the plaintext plus {@code openssl dgst -sha256} of it
 *   <li>openssl, decrypt: {@code openssl enc -d -aes-256-cbc} plus {@code openssl dgst -sha256} of the ciphertext
 * </ul>
 * Throughput is plaintext MB (10^6 bytes) per second of wall time, median and range of the rounds; OpenSSL's figure
 * includes starting two processes (a few ms). Also prints the heap retained after GC before and after the rounds.
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.MediaCryptoProbe [rounds=3] [sizesMB=10,100] [dir=tmp]
 * </pre>
 */
public final class MediaCryptoProbe {

    private static final HexFormat HEX = HexFormat.of();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "10,100").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        Path dir = Files.createTempDirectory(args.length > 2 ? Path.of(args[2]) : Path.of(
                System.getProperty("java.io.tmpdir")), "media-probe");
        System.out.println("load average at start: " + ProbeSupport.loadAverage() + ", cores "
                + Runtime.getRuntime().availableProcessors() + ", " + Runtime.version());
        long heapBefore = ProbeSupport.usedHeapAfterGc();
        try {
            for (int mb : sizes) {
                run(dir, mb, rounds);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        long heapAfter = ProbeSupport.usedHeapAfterGc();
        System.out.printf("retained heap after GC: %.1f MiB before, %.1f MiB after%n", heapBefore / 1048576.0,
                heapAfter / 1048576.0);
        System.out.println("load average at end: " + ProbeSupport.loadAverage());
    }

    private static void run(Path dir, int mb, int rounds) throws Exception {
        long size = mb * 1_000_000L;
        Path plain = dir.resolve("plain-" + mb);
        ProbeSupport.randomFile(plain, size, mb);
        byte[] mediaKey = MediaKeys.newMediaKey();
        MediaKeys keys = MediaKeys.derive(mediaKey, MediaType.VIDEO);
        Path enc = dir.resolve("enc-" + mb);
        Path dec = dir.resolve("dec-" + mb);
        Path osslEnc = dir.resolve("ossl-enc-" + mb);
        Path osslDec = dir.resolve("ossl-dec-" + mb);
        String key = HEX.formatHex(keys.cipherKey());
        String iv = HEX.formatHex(keys.iv());
        List<Double> ourEnc = new ArrayList<>();
        List<Double> ourDec = new ArrayList<>();
        List<Double> sslEnc = new ArrayList<>();
        List<Double> sslDec = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) { // round 0 warms up and is not counted
            long t0 = System.nanoTime();
            MediaDigest digest;
            try (InputStream in = Files.newInputStream(plain); OutputStream out = Files.newOutputStream(enc)) {
                digest = MediaCrypto.encrypt(in, out, keys);
            }
            long t1 = System.nanoTime();
            try (InputStream in = Files.newInputStream(enc)) {
                MediaCrypto.decryptToFile(in, dec, keys, ExpectedMedia.of(digest));
            }
            long t2 = System.nanoTime();
            ProbeSupport.exec("openssl", "enc", "-aes-256-cbc", "-K", key, "-iv", iv, "-in", plain.toString(), "-out",
                    osslEnc.toString());
            ProbeSupport.exec("openssl", "dgst", "-sha256", plain.toString());
            long t3 = System.nanoTime();
            ProbeSupport.exec("openssl", "enc", "-d", "-aes-256-cbc", "-K", key, "-iv", iv, "-in", osslEnc.toString(), "-out",
                    osslDec.toString());
            ProbeSupport.exec("openssl", "dgst", "-sha256", osslEnc.toString());
            long t4 = System.nanoTime();
            if (r == 0) {
                check(plain, enc, dec, osslEnc, digest);
                continue;
            }
            ourEnc.add(ProbeSupport.mbps(size, t1 - t0));
            ourDec.add(ProbeSupport.mbps(size, t2 - t1));
            sslEnc.add(ProbeSupport.mbps(size, t3 - t2));
            sslDec.add(ProbeSupport.mbps(size, t4 - t3));
        }
        System.out.printf("%d MB, %d rounds, MB/s median [min-max]: encrypt ours %s, openssl %s (ours/openssl %.2f);"
                + " decrypt ours %s, openssl %s (ours/openssl %.2f); load %s%n", mb, rounds, ProbeSupport.medianAndRange(ourEnc),
                ProbeSupport.medianAndRange(sslEnc), ProbeSupport.median(ourEnc) / ProbeSupport.median(sslEnc), ProbeSupport.medianAndRange(ourDec), ProbeSupport.medianAndRange(sslDec),
                ProbeSupport.median(ourDec) / ProbeSupport.median(sslDec), ProbeSupport.loadAverage());
        for (Path p : List.of(plain, enc, dec, osslEnc, osslDec)) {
            Files.deleteIfExists(p);
        }
    }

    /** Our decryption is byte-identical and our ciphertext is OpenSSL's followed by the MAC. */
    private static void check(Path plain, Path enc, Path dec, Path osslEnc, MediaDigest digest) throws IOException {
        if (Files.mismatch(plain, dec) != -1) {
            throw new IllegalStateException("decrypted file differs from the plaintext");
        }
        long osslLength = Files.size(osslEnc);
        if (osslLength + 10 != Files.size(enc) || digest.encryptedLength() != Files.size(enc)) {
            throw new IllegalStateException("blob length " + Files.size(enc) + " is not openssl's " + osslLength
                    + " + 10");
        }
        try (InputStream a = Files.newInputStream(enc); InputStream b = Files.newInputStream(osslEnc)) {
            byte[] x = new byte[1 << 16];
            byte[] y = new byte[1 << 16];
            for (long left = osslLength; left > 0; ) {
                int n = (int) Math.min(x.length, left);
                a.readNBytes(x, 0, n);
                b.readNBytes(y, 0, n);
                if (!Arrays.equals(x, 0, n, y, 0, n)) {
                    throw new IllegalStateException("our ciphertext differs from openssl's");
                }
                left -= n;
            }
        }
    }
}
