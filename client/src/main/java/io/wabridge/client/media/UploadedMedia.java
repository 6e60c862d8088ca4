package io.wabridge.client.media;

import io.wabridge.client.message.content.MediaBlob;

/**
 * An encrypted blob on the media hosts: what a media message needs to point to it.
 *
 * @param type              the media type it was encrypted for
 * @param mediaKey          its media key
 * @param digest            hashes and lengths of the plaintext and the blob
 * @param url               the URL the host answered, or null
 * @param directPath        the host-independent path the host answered
 * @param handle            the host's handle for the upload, or null
 * @param mediaKeyTimestamp when the key was made, seconds
 */
public record UploadedMedia(MediaType type, byte[] mediaKey, MediaDigest digest, String url, String directPath,
                            String handle, long mediaKeyTimestamp) {

    public UploadedMedia {
        mediaKey = mediaKey.clone();
    }

    @Override
    public byte[] mediaKey() {
        return mediaKey.clone();
    }

    /** The blob fields of a media message. */
    public MediaBlob blob() {
        return new MediaBlob(url, directPath, mediaKey, digest.fileSha256(), digest.fileEncSha256(),
                digest.fileLength(), mediaKeyTimestamp);
    }
}
