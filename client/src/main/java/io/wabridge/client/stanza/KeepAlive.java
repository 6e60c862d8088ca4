package io.wabridge.client.stanza;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Pings the server ({@code <iq xmlns="w:p" type="get"><ping/></iq>}) every 20-30 s, as WhatsApp Web does.
 * A ping unanswered within the response deadline is a failure; when no ping has succeeded for the max fail
 * time the connection is declared dead once, and the owner closes and reconnects it.
 */
public final class KeepAlive {

    /** Timings; {@link #DEFAULTS} are WhatsApp Web's. */
    public record Settings(Duration minInterval, Duration maxInterval, Duration responseDeadline, Duration maxFailTime) {
        public static final Settings DEFAULTS =
                new Settings(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(3));

        public Settings {
            if (maxInterval.compareTo(minInterval) < 0) {
                throw new IllegalArgumentException("maxInterval < minInterval");
            }
        }
    }

    private final StanzaRouter router;
    private final Scheduler scheduler;
    private final Executor sessionExecutor;
    private final LongSupplier nanoClock;
    private final Settings settings;
    private final Runnable onDead;
    private Scheduler.Cancellable nextPing;
    private long lastSuccessNanos;
    private boolean running;
    private boolean declaredDead;
    private long failures;

    public KeepAlive(StanzaRouter router, Scheduler scheduler, Executor sessionExecutor, LongSupplier nanoClock,
                     Settings settings, Runnable onDead) {
        this.router = router;
        this.scheduler = scheduler;
        this.sessionExecutor = sessionExecutor;
        this.nanoClock = nanoClock;
        this.settings = settings;
        this.onDead = onDead;
    }

    /** Starts pinging; call once the connection is open. */
    public void start() {
        running = true;
        lastSuccessNanos = nanoClock.getAsLong();
        scheduleNext();
    }

    public void stop() {
        running = false;
        if (nextPing != null) {
            nextPing.cancel();
            nextPing = null;
        }
    }

    /** Pings that went unanswered or failed since start. */
    public long failures() {
        return failures;
    }

    /** The keepalive ping iq (without id: the router assigns one). */
    public static Node pingStanza() {
        return Node.builder("iq").attr("xmlns", "w:p").attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.of("ping")).build();
    }

    private void scheduleNext() {
        long min = settings.minInterval().toMillis();
        long max = settings.maxInterval().toMillis();
        long delay = min == max ? min : ThreadLocalRandom.current().nextLong(min, max + 1);
        nextPing = scheduler.schedule(() -> sessionExecutor.execute(this::ping), Duration.ofMillis(delay));
    }

    private void ping() {
        if (!running) {
            return;
        }
        router.sendIq(pingStanza(), settings.responseDeadline()).whenComplete((response, failure) -> {
            if (!running) {
                return;
            }
            if (failure == null) {
                lastSuccessNanos = nanoClock.getAsLong();
            } else {
                failures++;
                if (!declaredDead && nanoClock.getAsLong() - lastSuccessNanos >= settings.maxFailTime().toNanos()) {
                    declaredDead = true;
                    running = false;
                    onDead.run();
                    return;
                }
            }
            scheduleNext();
        });
    }
}
