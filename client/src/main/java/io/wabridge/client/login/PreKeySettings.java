package io.wabridge.client.login;

import java.time.Duration;

/**
 * One-time and signed prekey upkeep.
 *
 * @param minServerCount        upload when the server holds fewer one-time prekeys than this
 * @param batchSize             how many to upload then
 * @param initialBatchSize      how many to upload when the server holds none (a new device)
 * @param signedPreKeyRotation  how often the signed prekey is replaced (the previous one is kept for late senders)
 * @param iqTimeout             how long to wait for the server's answer to a prekey request
 */
public record PreKeySettings(int minServerCount, int batchSize, int initialBatchSize, Duration signedPreKeyRotation,
                             Duration iqTimeout) {

    /** The references' numbers: top up below 5, 50 at a time, 812 for a new device; rotate weekly. */
    public static final PreKeySettings DEFAULTS =
            new PreKeySettings(5, 50, 812, Duration.ofDays(7), Duration.ofSeconds(30));

    public PreKeySettings {
        if (minServerCount < 0 || batchSize < 1 || initialBatchSize < 1) {
            throw new IllegalArgumentException("prekey counts must be positive");
        }
        if (signedPreKeyRotation.isNegative() || signedPreKeyRotation.isZero()) {
            throw new IllegalArgumentException("signedPreKeyRotation must be positive");
        }
    }
}
