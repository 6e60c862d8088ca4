package io.wabridge.client.message.content;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a media message's encrypted blob is and how to check it: the fields every media kind carries.
 *
 * @param url               full URL on a media host, or null (then {@code directPath} on a host from media_conn)
 * @param directPath        path on any media host, or null when only {@code url} was given
 * @param mediaKey          the 32-byte media key
 * @param fileSha256        SHA-256 of the plaintext
 * @param fileEncSha256     SHA-256 of the encrypted blob (ciphertext and MAC)
 * @param fileLength        plaintext length in bytes
 * @param mediaKeyTimestamp when the key was made, seconds since the epoch (0 when unknown)
 */
public record MediaBlob(String url, String directPath, byte[] mediaKey, byte[] fileSha256, byte[] fileEncSha256,
                        long fileLength, long mediaKeyTimestamp) {

    public MediaBlob {
        if (url == null && directPath == null) {
            throw new IllegalArgumentException("a media blob needs a url or a directPath");
        }
        Objects.requireNonNull(mediaKey, "mediaKey");
        if (fileLength < 0) {
            throw new IllegalArgumentException("negative fileLength");
        }
        mediaKey = mediaKey.clone();
        fileSha256 = fileSha256 == null ? null : fileSha256.clone();
        fileEncSha256 = fileEncSha256 == null ? null : fileEncSha256.clone();
    }

    @Override
    public byte[] mediaKey() {
        return mediaKey.clone();
    }

    @Override
    public byte[] fileSha256() {
        return fileSha256 == null ? null : fileSha256.clone();
    }

    @Override
    public byte[] fileEncSha256() {
        return fileEncSha256 == null ? null : fileEncSha256.clone();
    }

    /** The same blob at another place (a re-upload keeps the key and the hashes). */
    public MediaBlob withLocation(String newUrl, String newDirectPath) {
        return new MediaBlob(newUrl, newDirectPath, mediaKey, fileSha256, fileEncSha256, fileLength, mediaKeyTimestamp);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MediaBlob b && Objects.equals(url, b.url) && Objects.equals(directPath, b.directPath)
                && Arrays.equals(mediaKey, b.mediaKey) && Arrays.equals(fileSha256, b.fileSha256)
                && Arrays.equals(fileEncSha256, b.fileEncSha256) && fileLength == b.fileLength
                && mediaKeyTimestamp == b.mediaKeyTimestamp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(directPath, url, fileLength) * 31 + Arrays.hashCode(fileSha256);
    }

    @Override
    public String toString() {
        return "MediaBlob[" + (directPath != null ? directPath : url) + ", " + fileLength + " bytes, sha256="
                + (fileSha256 == null ? "?" : Base64.getEncoder().encodeToString(fileSha256)) + "]";
    }
}
