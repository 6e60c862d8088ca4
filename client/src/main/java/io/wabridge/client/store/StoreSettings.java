package io.wabridge.client.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Behaviour shared by every store implementation.
 *
 * @param clock      the time source for expiry (inject a fixed or mutable clock in tests)
 * @param messageTtl how long a sent message stays available for retries
 * @param archive    the retention of the message archive ({@link MessageStore#archive})
 */
public record StoreSettings(Clock clock, Duration messageTtl, ArchiveRetention archive) {

    /** Long enough for a recipient that was offline for a day to ask for a retry. */
    public static final Duration DEFAULT_MESSAGE_TTL = Duration.ofHours(24);

    /**
     * How much of a session's message archive is kept.
     *
     * @param maxMessages the newest messages kept per session (older ones are deleted on the next archive write)
     * @param maxAge      messages older than this (by their timestamp) are not returned and are reclaimed
     */
    public record ArchiveRetention(int maxMessages, Duration maxAge) {

        /** Per session: enough for quotes, edits and a few screens of every active chat; 5,000 accounts x 10,000. */
        public static final int DEFAULT_MAX_MESSAGES = 10_000;
        public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);

        public ArchiveRetention {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxMessages < 1) {
                throw new IllegalArgumentException("archive maxMessages must be positive, got " + maxMessages);
            }
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("archive maxAge must be positive, got " + maxAge);
            }
        }

        public static ArchiveRetention defaults() {
            return new ArchiveRetention(DEFAULT_MAX_MESSAGES, DEFAULT_MAX_AGE);
        }

        /** The oldest timestamp (epoch ms) still kept at {@code nowMillis}. */
        public long oldestKeptMillis(long nowMillis) {
            return nowMillis - maxAge.toMillis();
        }
    }

    /** With the default archive retention. */
    public StoreSettings(Clock clock, Duration messageTtl) {
        this(clock, messageTtl, ArchiveRetention.defaults());
    }

    public StoreSettings {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(messageTtl, "messageTtl");
        if (messageTtl.isNegative() || messageTtl.isZero()) {
            throw new IllegalArgumentException("messageTtl must be positive, got " + messageTtl);
        }
    }

    public static StoreSettings defaults() {
        return new StoreSettings(Clock.systemUTC(), DEFAULT_MESSAGE_TTL);
    }

    /** The same settings with another archive retention. */
    public StoreSettings withArchive(ArchiveRetention retention) {
        return new StoreSettings(clock, messageTtl, retention);
    }
}
