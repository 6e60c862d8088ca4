package io.wabridge.client.media;

import java.io.IOException;

/**
 * A media upload or download that did not happen, with a {@link Code} the bridge maps to its error codes
 * ({@code MEDIA_TOO_LARGE}, {@code MEDIA_UPLOAD_FAILED}, {@code MEDIA_FETCH_FAILED}). A blob that arrived but
 * failed verification is a {@link MediaIntegrityException} instead ({@code MEDIA_INVALID}).
 */
public final class MediaTransferException extends IOException {

    public enum Code {
        /** Larger than the type's configured limit (or than the message says). */
        TOO_LARGE,
        /** No media host accepted the upload. */
        UPLOAD_FAILED,
        /** No media host delivered the blob (unreachable, errors, timeouts). */
        FETCH_FAILED,
        /** The media hosts no longer have the blob (403/404/410); a {@code mediaretry} may bring it back. */
        GONE,
        /** The transfer took longer than the type's timeout. */
        TIMEOUT
    }

    private final Code code;

    public MediaTransferException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public MediaTransferException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
