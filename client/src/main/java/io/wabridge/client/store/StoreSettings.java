package io.wabridge.client.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Behaviour shared by every store implementation.
 *
 * @param clock      the time source for expiry (inject a fixed or mutable clock in tests)
 * @param messageTtl how long a sent message stays available for retries
 */
public record StoreSettings(Clock clock, Duration messageTtl) {

    /** Long enough for a recipient that was offline for a day to ask for a retry. */
    public static final Duration DEFAULT_MESSAGE_TTL = Duration.ofHours(24);

    public StoreSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(messageTtl, "messageTtl");
        if (messageTtl.isNegative() || messageTtl.isZero()) {
            throw new IllegalArgumentException("messageTtl must be positive, got " + messageTtl);
        }
    }

    public static StoreSettings defaults() {
        return new StoreSettings(Clock.systemUTC(), DEFAULT_MESSAGE_TTL);
    }
}
