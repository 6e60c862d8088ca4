package io.wabridge.bridge.media;

/**
 * Why media could not be taken in; the names are the contract's error codes ({@code command_result.error.code}) for
 * media, so a command handler maps them one to one.
 */
public enum MediaErrorCode {
    /** The URL is not https, names a host outside {@code wabridge.media.fetch.allowed-hosts}, or the fetch failed. */
    MEDIA_FETCH_FAILED,
    /** The media is larger than the limit for its source (URL fetch limit, inline limit). */
    MEDIA_TOO_LARGE,
    /** The file is not what it claims: hash or MAC mismatch, truncated, a mimetype that does not fit the kind. */
    MEDIA_INVALID,
    /** No WhatsApp media host accepted the upload (or it took longer than the kind's timeout). */
    MEDIA_UPLOAD_FAILED
}
