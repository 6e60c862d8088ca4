package io.wabridge.bridge.protection;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-session limits on outgoing messages, so a runaway producer cannot get a WhatsApp account banned: a token
 * bucket (messages per second, with a burst) and a rolling 24-hour count (messages per day, in 24 hourly buckets, so
 * the budget frees up hour by hour rather than all at midnight). A message over either limit is refused at once with
 * the time after which it would pass; refused messages take no budget. A limit of 0 is off.
 *
 * <p>{@link #tryAcquire} is called on the session's lane (one thread at a time per session), so a session's window
 * needs no lock; the map is concurrent for the different sessions. The windows live in this worker: a session that
 * moves to another worker starts there with a fresh budget (at most one more day's budget per hand-over). Memory:
 * one window per session that sent in the last 24 hours, about 200 bytes; windows idle for a day are dropped by
 * {@link #sweep}.
 */
public final class OutboundRateLimiter {

    /** Which limit refused a message (the metric's {@code limit} tag). */
    public enum Limit {
        PER_SECOND, PER_DAY;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The answer: allowed, or refused by a limit until {@code retryAfter} has passed. */
    public record Decision(boolean allowed, Limit limit, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, null, Duration.ZERO);
    }

    private static final long HOUR_NANOS = Duration.ofHours(1).toNanos();
    private static final int HOURS = 24;

    private final double perSecond;
    private final int burst;
    private final int perDay;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param perSecond messages per second a session may send on average (0: no limit)
     * @param burst     messages a session may send at once after being quiet (at least 1 when perSecond is set)
     * @param perDay    messages a session may send in any 24 hours (0: no limit)
     */
    public OutboundRateLimiter(double perSecond, int burst, int perDay, LongSupplier nanoClock) {
        if (perSecond < 0 || burst < 0 || perDay < 0) {
            throw new IllegalArgumentException("rate limits must not be negative");
        }
        this.perSecond = perSecond;
        this.burst = perSecond > 0 ? Math.max(1, burst) : 0;
        this.perDay = perDay;
        this.nanoClock = nanoClock;
    }

    public boolean enabled() {
        return perSecond > 0 || perDay > 0;
    }

    /** Takes one message from the session's budget, or says which limit refuses it and for how long. */
    public Decision tryAcquire(String sessionId) {
        if (!enabled()) {
            return Decision.ALLOWED;
        }
        long now = nanoClock.getAsLong();
        Window w = windows.computeIfAbsent(sessionId, id -> new Window(now, burst));
        return w.tryAcquire(now);
    }

    /** Messages the session sent in the last 24 hours, as this worker counted them. */
    public int sentToday(String sessionId) {
        Window w = windows.get(sessionId);
        return w == null ? 0 : w.today(nanoClock.getAsLong());
    }

    /** Drops the windows of sessions that sent nothing for 24 hours; returns how many remain. */
    public int sweep() {
        long now = nanoClock.getAsLong();
        windows.values().removeIf(w -> w.idleSince(now));
        return windows.size();
    }

    private final class Window {
        private double tokens;
        private long refilledAt;
        private final int[] hourly = new int[HOURS];
        private long hour; // index of the current hour since the clock's origin
        private long lastSentAt;

        Window(long now, int burst) {
            this.tokens = burst;
            this.refilledAt = now;
            this.hour = Math.floorDiv(now, HOUR_NANOS);
            this.lastSentAt = now;
        }

        synchronized Decision tryAcquire(long now) {
            advance(now);
            if (perDay > 0 && total() >= perDay) {
                return new Decision(false, Limit.PER_DAY, untilOldestHourFrees(now));
            }
            if (perSecond > 0) {
                tokens = Math.min(burst, tokens + (now - refilledAt) * perSecond / 1e9);
                refilledAt = now;
                if (tokens < 1) {
                    long waitNanos = (long) Math.ceil((1 - tokens) / perSecond * 1e9);
                    return new Decision(false, Limit.PER_SECOND, Duration.ofNanos(waitNanos));
                }
                tokens -= 1;
            }
            hourly[(int) Math.floorMod(hour, HOURS)]++;
            lastSentAt = now;
            return Decision.ALLOWED;
        }

        synchronized int today(long now) {
            advance(now);
            return total();
        }

        synchronized boolean idleSince(long now) {
            return now - lastSentAt > HOURS * HOUR_NANOS;
        }

        /** Moves to the current hour, emptying the buckets of the hours passed (those left the 24-hour window). */
        private void advance(long now) {
            long current = Math.floorDiv(now, HOUR_NANOS);
            long passed = Math.min(current - hour, HOURS);
            for (long h = 1; h <= passed; h++) {
                hourly[(int) Math.floorMod(hour + h, HOURS)] = 0;
            }
            hour = Math.max(hour, current);
        }

        private int total() {
            int sum = 0;
            for (int n : hourly) {
                sum += n;
            }
            return sum;
        }

        /** When the oldest hour with messages leaves the window. */
        private Duration untilOldestHourFrees(long now) {
            for (int back = HOURS - 1; back >= 0; back--) {
                if (hourly[(int) Math.floorMod(hour - back, HOURS)] > 0) {
                    long freesAt = (hour - back + HOURS) * HOUR_NANOS;
                    return Duration.ofNanos(Math.max(freesAt - now, 0));
                }
            }
            return Duration.ZERO;
        }
    }
}
