package io.wabridge.client.media;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;

/**
 * Reads a WhatsApp encrypted blob (ciphertext followed by a 10-byte MAC) and yields the plaintext, verifying it in
 * one pass with a fixed buffer: at the end of the blob it checks, in this order, the structure
 * ({@link MediaIntegrityException.Truncated}), {@code fileEncSha256}, the MAC, the padding, {@code fileSha256} and
 * {@code fileLength}, and throws the matching {@link MediaIntegrityException} from {@code read}.
 *
 * <p><b>Provisional plaintext.</b> To stream, plaintext is handed out before the MAC at the end of the blob has been
 * read; only the last block (with the padding) is held back until everything is verified. The bytes read are
 * therefore final only once {@code read} has returned -1; a consumer must treat an exception as "discard everything
 * received" (abort the upload, delete the temporary file). {@link MediaCrypto#decryptToFile} does exactly that.
 * Once failed, every further {@code read} throws the same exception, so a failure cannot be mistaken for an end.
 *
 * <p>When the expected {@code fileLength} is known, a blob longer than that length allows fails early with
 * {@link MediaIntegrityException.LengthMismatch}, bounding what a lying server can make us read.
 * Single use, not thread-safe. Closing closes the encrypted stream.
 */
public final class MediaDecryptingInputStream extends MediaCipherStream {

    private final ExpectedMedia expected;
    private final long maxCiphertext;
    /** Bytes not yet processed: the first {@code held} bytes are the most recent tail (a MAC candidate). */
    private final byte[] in = new byte[BUFFER_SIZE + MAC_LENGTH];
    private int held;
    private long ciphertextLength;
    private long plainLength;
    private MediaDigest digest;

    public MediaDecryptingInputStream(InputStream encrypted, MediaKeys keys, ExpectedMedia expected) {
        super(encrypted, keys, Cipher.DECRYPT_MODE);
        this.expected = Objects.requireNonNull(expected, "expected (ExpectedMedia.NONE when unknown)");
        maxCiphertext = expected.fileLength() == null ? Long.MAX_VALUE
                : MediaEncryptingInputStream.encryptedLength(expected.fileLength()) - MAC_LENGTH;
    }

    @Override
    boolean done() {
        return digest != null;
    }

    @Override
    void fill() throws IOException {
        int n = source.read(in, held, BUFFER_SIZE);
        if (n < 0) {
            finish();
            return;
        }
        int total = held + n;
        int process = total - MAC_LENGTH;
        if (process <= 0) {
            held = total;
            return;
        }
        ciphertextLength += process;
        if (ciphertextLength > maxCiphertext) {
            throw new MediaIntegrityException.LengthMismatch("encrypted blob longer than fileLength "
                    + expected.fileLength() + " allows (" + maxCiphertext + " ciphertext bytes)");
        }
        encSha.update(in, 0, process);
        mac.update(in, 0, process);
        try {
            outLimit = cipher.update(in, 0, process, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC decryption failed", e); // cannot happen: sizes are ours
        }
        plainSha.update(out, 0, outLimit);
        plainLength += outLimit;
        System.arraycopy(in, process, in, 0, MAC_LENGTH);
        held = MAC_LENGTH;
    }

    private void finish() throws MediaIntegrityException {
        if (held < MAC_LENGTH || ciphertextLength == 0 || ciphertextLength % BLOCK != 0) {
            throw new MediaIntegrityException.Truncated("encrypted blob of " + (ciphertextLength + held)
                    + " bytes is not whole AES blocks followed by a " + MAC_LENGTH + "-byte MAC");
        }
        encSha.update(in, 0, MAC_LENGTH);
        byte[] encHash = encSha.digest();
        if (expected.fileEncSha256() != null && !MessageDigest.isEqual(encHash, expected.fileEncSha256())) {
            throw new MediaIntegrityException.EncHashMismatch("fileEncSha256 mismatch: got " + hex(encHash)
                    + ", message says " + hex(expected.fileEncSha256()));
        }
        byte[] computedMac = Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
        if (!MessageDigest.isEqual(computedMac, Arrays.copyOf(in, MAC_LENGTH))) {
            throw new MediaIntegrityException.MacMismatch("media MAC mismatch (wrong media key or tampered blob)");
        }
        int last;
        try {
            last = cipher.doFinal(out, 0);
        } catch (BadPaddingException e) {
            throw new MediaIntegrityException.BadPadding("invalid PKCS#7 padding after a valid MAC", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC decryption failed", e);
        }
        plainSha.update(out, 0, last);
        plainLength += last;
        byte[] plainHash = plainSha.digest();
        if (expected.fileSha256() != null && !MessageDigest.isEqual(plainHash, expected.fileSha256())) {
            throw new MediaIntegrityException.PlainHashMismatch("fileSha256 mismatch: got " + hex(plainHash)
                    + ", message says " + hex(expected.fileSha256()));
        }
        if (expected.fileLength() != null && expected.fileLength() != plainLength) {
            throw new MediaIntegrityException.LengthMismatch("fileLength mismatch: got " + plainLength
                    + ", message says " + expected.fileLength());
        }
        digest = new MediaDigest(plainHash, encHash, plainLength, ciphertextLength + MAC_LENGTH);
        outLimit = last; // the last block is released only now, after every check passed
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** True once the whole blob has been read and verified. */
    public boolean verified() {
        return digest != null;
    }

    /** The verified hashes and lengths; only after the stream has been read to its end without exception. */
    public MediaDigest digest() {
        if (digest == null) {
            throw new IllegalStateException("the blob has not been read to its end and verified");
        }
        return digest;
    }
}
