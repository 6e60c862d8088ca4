package io.wabridge.bridge.media;

/** Media could not be taken in; {@link #code()} is the error code to report. Nothing was stored. */
public final class MediaException extends java.io.IOException {
    private final MediaErrorCode code;

    public MediaException(MediaErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public MediaException(MediaErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public MediaErrorCode code() {
        return code;
    }
}
