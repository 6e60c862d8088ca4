package io.wabridge.client.media;

/**
 * What a media message promises about its blob, checked by {@link MediaDecryptingInputStream} once the whole blob
 * has been read. The MAC is always verified; each of these is checked when present (non-null), as whatsmeow does
 * for the hashes. A received media message normally carries all three; pass {@link #NONE} only where the values
 * are genuinely unknown (a test piping an encryptor into a decryptor).
 *
 * @param fileSha256 SHA-256 of the plaintext, or null
 * @param fileEncSha256 SHA-256 of the encrypted blob (ciphertext and MAC), or null
 * @param fileLength plaintext length, or null
 */
public record ExpectedMedia(byte[] fileSha256, byte[] fileEncSha256, Long fileLength) {

    /** Nothing known but the keys: only the MAC and the padding are checked. */
    public static final ExpectedMedia NONE = new ExpectedMedia(null, null, null);

    public ExpectedMedia {
        if (fileSha256 != null && fileSha256.length != 32 || fileEncSha256 != null && fileEncSha256.length != 32) {
            throw new IllegalArgumentException("a media hash is 32 bytes");
        }
        if (fileLength != null && fileLength < 0) {
            throw new IllegalArgumentException("negative fileLength " + fileLength);
        }
        fileSha256 = fileSha256 == null ? null : fileSha256.clone();
        fileEncSha256 = fileEncSha256 == null ? null : fileEncSha256.clone();
    }

    @Override
    public byte[] fileSha256() {
        return fileSha256 == null ? null : fileSha256.clone();
    }

    @Override
    public byte[] fileEncSha256() {
        return fileEncSha256 == null ? null : fileEncSha256.clone();
    }

    /** Expectations taken from an earlier encryption (the digest a sender put into its message). */
    public static ExpectedMedia of(MediaDigest digest) {
        return new ExpectedMedia(digest.fileSha256(), digest.fileEncSha256(), digest.fileLength());
    }
}
