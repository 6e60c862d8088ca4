package io.wabridge.client.media;

import java.util.Arrays;

/**
 * What one pass of encryption or verified decryption measured: the SHA-256 of the plaintext ({@code fileSha256}),
 * the SHA-256 of the encrypted blob including its 10-byte MAC ({@code fileEncSha256}), the plaintext length
 * ({@code fileLength}) and the encrypted blob length (ciphertext + MAC), exactly the fields a media message carries.
 */
public record MediaDigest(byte[] fileSha256, byte[] fileEncSha256, long fileLength, long encryptedLength) {

    public MediaDigest {
        fileSha256 = fileSha256.clone();
        fileEncSha256 = fileEncSha256.clone();
    }

    @Override
    public byte[] fileSha256() {
        return fileSha256.clone();
    }

    @Override
    public byte[] fileEncSha256() {
        return fileEncSha256.clone();
    }

    /** Lower-case hex of {@code fileSha256}, the content address a blob store uses. */
    public String fileSha256Hex() {
        return java.util.HexFormat.of().formatHex(fileSha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MediaDigest d && Arrays.equals(fileSha256, d.fileSha256)
                && Arrays.equals(fileEncSha256, d.fileEncSha256) && fileLength == d.fileLength
                && encryptedLength == d.encryptedLength;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fileSha256) * 31 + Long.hashCode(fileLength);
    }

    @Override
    public String toString() {
        return "MediaDigest[fileSha256=" + fileSha256Hex() + ", fileLength=" + fileLength + ", encryptedLength="
                + encryptedLength + "]";
    }
}
