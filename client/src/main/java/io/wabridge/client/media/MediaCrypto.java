package io.wabridge.client.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Entry points of media crypto, stateless and safe to share between all sessions of a worker. Each call streams
 * with the fixed buffers of {@link MediaEncryptingInputStream} / {@link MediaDecryptingInputStream}: heap use does
 * not grow with the size of the file.
 *
 * <pre>{@code
 * byte[] mediaKey = MediaKeys.newMediaKey();
 * MediaDigest d = MediaCrypto.encrypt(plainIn, encOut, MediaKeys.derive(mediaKey, MediaType.IMAGE));
 * // message: mediaKey, d.fileSha256(), d.fileEncSha256(), d.fileLength()
 * MediaCrypto.decryptToFile(encIn, target, MediaKeys.derive(mediaKey, MediaType.IMAGE), ExpectedMedia.of(d));
 * }</pre>
 */
public final class MediaCrypto {

    private MediaCrypto() {
    }

    /**
     * Encrypts {@code plain} to {@code encrypted} (ciphertext and MAC) and returns the message fields. Neither
     * stream is closed.
     */
    public static MediaDigest encrypt(InputStream plain, OutputStream encrypted, MediaKeys keys) throws IOException {
        MediaEncryptingInputStream stream = new MediaEncryptingInputStream(plain, keys);
        copy(stream, encrypted);
        return stream.digest();
    }

    /**
     * Encrypts {@code plain} into the file {@code target} through a temporary file next to it, moved into place
     * only when complete (deleted on failure). The upload path wants this: WhatsApp's upload URL carries the
     * blob's {@code fileEncSha256}, known only once the whole blob is written, and a retry re-sends the file.
     */
    public static MediaDigest encryptToFile(InputStream plain, Path target, MediaKeys keys) throws IOException {
        return viaTempFile(target, out -> encrypt(plain, out, keys));
    }

    /**
     * Verifies and decrypts {@code encrypted} into {@code plain}. The sink receives <b>provisional</b> plaintext:
     * on a {@link MediaIntegrityException} (or any exception) everything written to it must be discarded. Use
     * {@link #decryptToFile} when the result is a file. Neither stream is closed.
     */
    public static MediaDigest decrypt(InputStream encrypted, OutputStream plain, MediaKeys keys,
            ExpectedMedia expected) throws IOException {
        MediaDecryptingInputStream stream = new MediaDecryptingInputStream(encrypted, keys, expected);
        copy(stream, plain);
        return stream.digest();
    }

    /**
     * Verifies and decrypts {@code encrypted} into {@code target}: the plaintext goes to a temporary file next to
     * it, moved into place (atomically where the file system can) only once every check passed; on any failure
     * the temporary file is deleted and {@code target} is untouched, so no unverified byte is ever visible there.
     */
    public static MediaDigest decryptToFile(InputStream encrypted, Path target, MediaKeys keys,
            ExpectedMedia expected) throws IOException {
        return viaTempFile(target, out -> decrypt(encrypted, out, keys, expected));
    }

    private interface Writer {
        MediaDigest writeTo(OutputStream out) throws IOException;
    }

    private static MediaDigest viaTempFile(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            MediaDigest digest;
            try (OutputStream out = Files.newOutputStream(temp)) {
                digest = writer.writeTo(out);
            }
            moveIntoPlace(temp, target);
            return digest;
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies with one fixed buffer (InputStream.transferTo's buffer is smaller and not ours to size). */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[MediaEncryptingInputStream.BUFFER_SIZE];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static Mac hmac(byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac;
    }
}
