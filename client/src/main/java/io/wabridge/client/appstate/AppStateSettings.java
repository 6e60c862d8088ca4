package io.wabridge.client.appstate;

import java.time.Duration;
import java.util.Objects;

/**
 * How app-state sync retries a collection whose patch's changes could not be stored ({@link AppStateException.Kind#STORE}):
 * the collection syncs again {@code storeRetry} after the first failure, then twice as long after each further failure
 * in a row, at most {@code storeRetryMax} apart; once there it keeps retrying at that interval (never giving up: the
 * patch is still on the server, the store may come back). A sync that stores a patch of the collection resets the count.
 *
 * @param storeRetry    the wait after the first STORE failure (positive)
 * @param storeRetryMax the longest wait between two retries (at least {@code storeRetry})
 */
public record AppStateSettings(Duration storeRetry, Duration storeRetryMax) {

    /** 30 s, 1 min, 2 min ... capped at 15 min. */
    public static final AppStateSettings DEFAULTS = new AppStateSettings(Duration.ofSeconds(30), Duration.ofMinutes(15));

    public AppStateSettings {
        Objects.requireNonNull(storeRetry, "storeRetry");
        Objects.requireNonNull(storeRetryMax, "storeRetryMax");
        if (storeRetry.isNegative() || storeRetry.isZero()) {
            throw new IllegalArgumentException("storeRetry must be positive, got " + storeRetry);
        }
        if (storeRetryMax.compareTo(storeRetry) < 0) {
            throw new IllegalArgumentException("storeRetryMax " + storeRetryMax + " is shorter than storeRetry " + storeRetry);
        }
    }

    /** These settings with other STORE retry waits. */
    public AppStateSettings withStoreRetry(Duration first, Duration max) {
        return new AppStateSettings(first, max);
    }

    /** The wait before retrying after the {@code attempt}-th STORE failure in a row (1 for the first). */
    public Duration storeRetryAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
        }
        Duration wait = storeRetry;
        for (int i = 1; i < attempt && wait.compareTo(storeRetryMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(storeRetryMax) < 0 ? wait : storeRetryMax;
    }
}
