package io.wabridge.client.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaCryptoTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Blobs encrypted once by Baileys 7.0.0-rc14 ({@code encryptedStream} with a random media key, which it
     * returns), committed as constants: type, media key, plaintext, blob, fileSha256, fileEncSha256.
     */
    private static final String[][] BAILEYS_BLOBS = {
        {"image", "1b7f69fb9e54576a4be6fdcf1216a88841792b97f046a8b72cea2a1407fbd637",
            "7761627269646765206d65646961206b6e6f776e20616e737765720a",
            "8b18b447558b146ffd371fca50d031e83d33ba23af2b0925516fcdbeb3c2108c712953f6e444716b7443",
            "9915b486d76b7d87d28d3ee14f56cadf4dbaf10b7098d836acb60524ea728457",
            "229fd2d74d4e47cdf987549dff62998b03ad4b1f28e38d5d4bc8f593616b3804"},
        {"ptt", "3a40c7f04b85ac50ce484c583e9acd36d6ad1d7c0da3f28b0bc0096b1a60e59b", "",
            "81bba1e0e0ed7c340e8510774c9958bda0f213fb35aec1451b58",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "033381aaa26abbd8f3dc52e9da1169f267a506a00fab79b60044750e629c22e6"},
    };

    @TempDir
    Path dir;

    @Test
    void decryptsBaileysBlobsAndReproducesThemByteForByte() throws IOException {
        for (String[] v : BAILEYS_BLOBS) {
            MediaKeys keys = MediaKeys.derive(HEX.parseHex(v[1]), MediaType.fromName(v[0]).orElseThrow());
            byte[] plain = HEX.parseHex(v[2]);
            byte[] blob = HEX.parseHex(v[3]);
            ExpectedMedia expected = new ExpectedMedia(HEX.parseHex(v[4]), HEX.parseHex(v[5]), (long) plain.length);

            ByteArrayOutputStream decrypted = new ByteArrayOutputStream();
            MediaDigest d = MediaCrypto.decrypt(new ByteArrayInputStream(blob), decrypted, keys, expected);
            assertArrayEquals(plain, decrypted.toByteArray(), v[0]);
            assertEquals(blob.length, d.encryptedLength());

            ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
            MediaDigest e = MediaCrypto.encrypt(new ByteArrayInputStream(plain), encrypted, keys);
            assertArrayEquals(blob, encrypted.toByteArray(), v[0] + ": same key, same blob");
            assertEquals(d, e);
            assertEquals(v[4], d.fileSha256Hex());
            assertArrayEquals(HEX.parseHex(v[5]), e.fileEncSha256());
        }
    }

    @Test
    void roundTripsEverySizeAroundBlockAndBufferBoundaries() throws IOException {
        int buf = MediaEncryptingInputStream.BUFFER_SIZE;
        for (int size : new int[] {0, 1, 15, 16, 17, 31, 32, buf - 17, buf - 16, buf - 10, buf - 1, buf, buf + 1,
                buf + 6, 3 * buf + 5}) {
            byte[] plain = random(size, size);
            MediaKeys keys = MediaKeys.derive(MediaKeys.newMediaKey(), MediaType.VIDEO);
            ByteArrayOutputStream enc = new ByteArrayOutputStream();
            MediaDigest e = MediaCrypto.encrypt(new ByteArrayInputStream(plain), enc, keys);
            byte[] blob = enc.toByteArray();
            assertEquals(MediaEncryptingInputStream.encryptedLength(size), blob.length, "size " + size);
            assertEquals(blob.length, e.encryptedLength());
            assertEquals(size, e.fileLength());
            assertArrayEquals(sha256(plain), e.fileSha256());
            assertArrayEquals(sha256(blob), e.fileEncSha256());

            // the decryptor must cope with a source that hands out odd-sized pieces
            ByteArrayOutputStream dec = new ByteArrayOutputStream();
            MediaDigest d = MediaCrypto.decrypt(new Trickle(blob, 7), dec, keys, ExpectedMedia.of(e));
            assertArrayEquals(plain, dec.toByteArray(), "size " + size);
            assertEquals(e, d);
        }
    }

    @Test
    void aFlippedCiphertextBitIsAMacMismatch() throws IOException {
        Fixture f = Fixture.of(1000);
        byte[] tampered = f.blob.clone();
        tampered[500] ^= 1;
        assertFailure(MediaIntegrityException.MacMismatch.class, tampered, f.keys, ExpectedMedia.NONE);
    }

    @Test
    void aFlippedMacBitIsAMacMismatch() throws IOException {
        Fixture f = Fixture.of(1000);
        byte[] tampered = f.blob.clone();
        tampered[tampered.length - 1] ^= (byte) 0x80;
        assertFailure(MediaIntegrityException.MacMismatch.class, tampered, f.keys, ExpectedMedia.NONE);
    }

    @Test
    void theWrongKeyIsAMacMismatch() throws IOException {
        Fixture f = Fixture.of(100);
        assertFailure(MediaIntegrityException.MacMismatch.class, f.blob,
                MediaKeys.derive(f.mediaKey, MediaType.DOCUMENT), ExpectedMedia.NONE);
    }

    @Test
    void aTamperedBlobFailsOnItsEncHashFirstWhenTheMessageGivesOne() throws IOException {
        Fixture f = Fixture.of(1000);
        byte[] tampered = f.blob.clone();
        tampered[3] ^= 1;
        assertFailure(MediaIntegrityException.EncHashMismatch.class, tampered, f.keys, ExpectedMedia.of(f.digest));
    }

    @Test
    void aWrongFileSha256IsAPlainHashMismatch() throws IOException {
        Fixture f = Fixture.of(1000);
        byte[] wrong = f.digest.fileSha256();
        wrong[0] ^= 1;
        assertFailure(MediaIntegrityException.PlainHashMismatch.class, f.blob, f.keys,
                new ExpectedMedia(wrong, f.digest.fileEncSha256(), f.digest.fileLength()));
    }

    @Test
    void aWrongFileLengthIsALengthMismatch() throws IOException {
        Fixture f = Fixture.of(1000);
        assertFailure(MediaIntegrityException.LengthMismatch.class, f.blob, f.keys,
                new ExpectedMedia(f.digest.fileSha256(), f.digest.fileEncSha256(), 999L));
    }

    @Test
    void aBlobFarLongerThanFileLengthFailsBeforeTheEnd() throws IOException {
        Fixture f = Fixture.of(5 * MediaEncryptingInputStream.BUFFER_SIZE);
        MediaDecryptingInputStream in = new MediaDecryptingInputStream(new ByteArrayInputStream(f.blob), f.keys,
                new ExpectedMedia(null, null, 100L));
        byte[] buffer = new byte[1024];
        long read = 0;
        MediaIntegrityException.LengthMismatch e = null;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        } catch (MediaIntegrityException.LengthMismatch thrown) {
            e = thrown;
        }
        assertTrue(e != null, "a blob 3000 times too long must fail");
        assertEquals(0, read, "not one byte of a blob longer than fileLength allows is handed out");
    }

    @Test
    void aTruncatedBlobIsTruncated() throws IOException {
        Fixture f = Fixture.of(1000);
        assertFailure(MediaIntegrityException.Truncated.class, Arrays.copyOf(f.blob, f.blob.length - 5), f.keys,
                ExpectedMedia.NONE);
        assertFailure(MediaIntegrityException.Truncated.class, Arrays.copyOf(f.blob, 9), f.keys, ExpectedMedia.NONE);
        assertFailure(MediaIntegrityException.Truncated.class, new byte[0], f.keys, ExpectedMedia.NONE);
        assertFailure(MediaIntegrityException.Truncated.class, Arrays.copyOf(f.blob, 10), f.keys,
                ExpectedMedia.NONE);
    }

    @Test
    void aValidMacOverBadPaddingIsBadPadding() throws Exception {
        // A sender that MACs a ciphertext whose last block does not decrypt to PKCS#7 padding.
        MediaKeys keys = MediaKeys.derive(MediaKeys.newMediaKey(), MediaType.IMAGE);
        javax.crypto.Cipher raw = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
        raw.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(keys.cipherKey(), "AES"),
                new javax.crypto.spec.IvParameterSpec(keys.iv()));
        byte[] block = new byte[32];
        block[31] = 0x00; // padding byte 0 is never valid
        byte[] ciphertext = raw.doFinal(block);
        javax.crypto.Mac mac = MediaCrypto.hmac(keys.macKey());
        mac.update(keys.iv());
        byte[] tag = Arrays.copyOf(mac.doFinal(ciphertext), 10);
        byte[] blob = Arrays.copyOf(ciphertext, ciphertext.length + 10);
        System.arraycopy(tag, 0, blob, ciphertext.length, 10);
        assertFailure(MediaIntegrityException.BadPadding.class, blob, keys, ExpectedMedia.NONE);
    }

    @Test
    void aFailedStreamKeepsFailingAndWithholdsTheLastBlock() throws IOException {
        Fixture f = Fixture.of(40); // 48 bytes of ciphertext: 32 provisional, the last 16 held back
        byte[] tampered = f.blob.clone();
        tampered[tampered.length - 2] ^= 1;
        MediaDecryptingInputStream in = new MediaDecryptingInputStream(new ByteArrayInputStream(tampered), f.keys,
                ExpectedMedia.NONE);
        byte[] buffer = new byte[100];
        int got = 0;
        MediaIntegrityException first = null;
        try {
            for (int n; (n = in.read(buffer, got, buffer.length - got)) >= 0; ) {
                got += n;
            }
        } catch (MediaIntegrityException e) {
            first = e;
        }
        assertTrue(first instanceof MediaIntegrityException.MacMismatch);
        assertEquals(MediaIntegrityException.Reason.MAC_MISMATCH, first.reason());
        assertTrue(got <= 32, "the final block is never released before verification, got " + got);
        MediaIntegrityException again = assertThrows(MediaIntegrityException.class, in::read);
        assertSame(first, again);
        assertFalse(in.verified());
        assertThrows(IllegalStateException.class, in::digest);
    }

    @Test
    void decryptToFileCommitsOnlyAVerifiedFile() throws IOException {
        Fixture f = Fixture.of(200_000);
        Path target = dir.resolve("blob.bin");
        MediaDigest d = MediaCrypto.decryptToFile(new ByteArrayInputStream(f.blob), target, f.keys,
                ExpectedMedia.of(f.digest));
        assertArrayEquals(f.plain, Files.readAllBytes(target));
        assertEquals(f.digest, d);

        Path other = dir.resolve("other.bin");
        byte[] tampered = f.blob.clone();
        tampered[150_000] ^= 1;
        assertThrows(MediaIntegrityException.MacMismatch.class, () -> MediaCrypto.decryptToFile(
                new ByteArrayInputStream(tampered), other, f.keys, ExpectedMedia.NONE));
        assertFalse(Files.exists(other), "no file for a tampered blob");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }

        // a failed download never replaces a good file already there
        assertThrows(MediaIntegrityException.class, () -> MediaCrypto.decryptToFile(
                new ByteArrayInputStream(Arrays.copyOf(f.blob, 1000)), target, f.keys, ExpectedMedia.NONE));
        assertArrayEquals(f.plain, Files.readAllBytes(target));
    }

    @Test
    void encryptToFileWritesTheWholeBlobOrNothing() throws IOException {
        Fixture f = Fixture.of(150_000);
        Path target = dir.resolve("blob.enc");
        MediaDigest d = MediaCrypto.encryptToFile(new ByteArrayInputStream(f.plain), target, f.keys);
        assertArrayEquals(f.blob, Files.readAllBytes(target));
        assertEquals(f.digest, d);

        Path failed = dir.resolve("failed.enc");
        InputStream breaks = new java.io.SequenceInputStream(new ByteArrayInputStream(new byte[100_000]),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("source gone");
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        throw new IOException("source gone");
                    }
                });
        assertThrows(IOException.class, () -> MediaCrypto.encryptToFile(breaks, failed, f.keys));
        assertFalse(Files.exists(failed));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void expectationsRejectMalformedValues() {
        assertThrows(IllegalArgumentException.class, () -> new ExpectedMedia(new byte[31], null, null));
        assertThrows(IllegalArgumentException.class, () -> new ExpectedMedia(null, new byte[33], null));
        assertThrows(IllegalArgumentException.class, () -> new ExpectedMedia(null, null, -1L));
    }

    @Test
    void theEncryptorOnlyReportsItsDigestAtTheEnd() throws IOException {
        MediaKeys keys = MediaKeys.derive(MediaKeys.newMediaKey(), MediaType.AUDIO);
        MediaEncryptingInputStream in = new MediaEncryptingInputStream(new ByteArrayInputStream(new byte[5]), keys);
        assertThrows(IllegalStateException.class, in::digest);
        int first = in.read();
        assertTrue(first >= 0);
        assertFalse(in.finished() && in.available() == 0);
        byte[] rest = in.readAllBytes();
        assertEquals(-1, in.read());
        assertEquals(MediaEncryptingInputStream.encryptedLength(5), rest.length + 1);
        assertEquals(5, in.digest().fileLength());
    }

    private static void assertFailure(Class<? extends MediaIntegrityException> type, byte[] blob, MediaKeys keys,
            ExpectedMedia expected) {
        assertThrows(type, () -> MediaCrypto.decrypt(new ByteArrayInputStream(blob), new ByteArrayOutputStream(),
                keys, expected));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] b) {
        return MediaCrypto.sha256().digest(b);
    }

    private record Fixture(byte[] mediaKey, MediaKeys keys, byte[] plain, byte[] blob, MediaDigest digest) {
        static Fixture of(int size) throws IOException {
            byte[] mediaKey = MediaKeys.newMediaKey();
            MediaKeys keys = MediaKeys.derive(mediaKey, MediaType.IMAGE);
            byte[] plain = random(size, 42);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MediaDigest d = MediaCrypto.encrypt(new ByteArrayInputStream(plain), out, keys);
            return new Fixture(mediaKey, keys, plain, out.toByteArray(), d);
        }
    }

    /** Hands out at most {@code step} bytes per read, like a slow network. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int step;
        private int pos;

        Trickle(byte[] data, int step) {
            this.data = data;
            this.step = step;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, step), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
