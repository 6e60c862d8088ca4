package io.wabridge.client.auth;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.stanza.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Shows a pair-device's QR codes one after another: the first for {@link QrSettings#firstTtl()}, each next one for
 * {@link QrSettings#nextTtl()}; when the last expires the refs are exhausted. Timers run on the shared scheduler and
 * hop onto the session executor; {@link #cancel()} (pairing done, connection gone) stops it.
 */
final class QrRotation {
    private final List<String> codes;
    private final QrSettings settings;
    private final Scheduler scheduler;
    private final Executor executor;
    private final Clock clock;
    private final Consumer<ClientEvent.Qr> show;
    private final Runnable exhausted;
    private int next;
    private boolean cancelled;
    private Scheduler.Cancellable timer;

    QrRotation(List<String> codes, QrSettings settings, Scheduler scheduler, Executor executor, Clock clock,
               Consumer<ClientEvent.Qr> show, Runnable exhausted) {
        this.codes = List.copyOf(codes);
        this.settings = settings;
        this.scheduler = scheduler;
        this.executor = executor;
        this.clock = clock;
        this.show = show;
        this.exhausted = exhausted;
    }

    void start() {
        advance();
    }

    void cancel() {
        cancelled = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void advance() {
        if (cancelled) {
            return;
        }
        if (next >= codes.size()) {
            cancelled = true;
            exhausted.run();
            return;
        }
        Duration ttl = next == 0 ? settings.firstTtl() : settings.nextTtl();
        String code = codes.get(next++);
        timer = scheduler.schedule(() -> executor.execute(this::advance), ttl);
        show.accept(new ClientEvent.Qr(code, clock.instant().plus(ttl)));
    }
}
