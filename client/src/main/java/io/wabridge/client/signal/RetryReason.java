package io.wabridge.client.signal;

/**
 * Why a message could not be decrypted, as the numeric {@code error} code a retry receipt carries. The codes are
 * WhatsApp Web's Signal error codes (collected by Baileys' message-retry manager); the sender recreates the session
 * at once for {@link #INVALID_MESSAGE} and {@link #BAD_MAC}.
 */
public enum RetryReason {
    UNKNOWN_ERROR(0),
    NO_SESSION(1),
    INVALID_KEY(2),
    INVALID_KEY_ID(3),
    INVALID_MESSAGE(4),
    INVALID_SIGNATURE(5),
    FUTURE_MESSAGE(6),
    BAD_MAC(7),
    INVALID_SESSION(8),
    INVALID_MSG_KEY(9),
    BAD_BROADCAST_EPHEMERAL_SETTING(10),
    UNKNOWN_COMPANION_NO_PREKEY(11),
    ADV_FAILURE(12),
    STATUS_REVOKE_DELAY(13);

    private static final RetryReason[] BY_CODE = values();

    private final int code;

    RetryReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason for a received code; unknown codes are {@link #UNKNOWN_ERROR}. */
    public static RetryReason fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN_ERROR;
    }

    /** Whether the sender should drop its session and start a new one right away. */
    public boolean recreatesSession() {
        return this == INVALID_MESSAGE || this == BAD_MAC;
    }
}
