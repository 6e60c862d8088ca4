package io.wabridge.client.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wabridge.client.binary.Node;
import io.wabridge.client.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeepAliveTest {
    private static final KeepAlive.Settings EVERY_20S =
            new KeepAlive.Settings(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMinutes(3));

    private final VirtualTime scheduler = new VirtualTime();
    private final List<Node> sent = new ArrayList<>();
    private final StanzaRouter router = new StanzaRouter(sent::add, scheduler, Runnable::run);
    private final AtomicInteger deaths = new AtomicInteger();
    private final KeepAlive keepAlive = new KeepAlive(router, scheduler, Runnable::run, scheduler::nanoTime,
            EVERY_20S, deaths::incrementAndGet);

    private void answerLastPing() {
        Node ping = sent.getLast();
        router.dispatch(Node.builder("iq").attr("id", ping.attr("id")).attr("type", "result").build());
    }

    @Test
    void pingsOnTheIntervalAndStaysAliveWhileAnswered() {
        keepAlive.start();
        for (int i = 1; i <= 20; i++) {
            scheduler.advance(Duration.ofSeconds(20));
            assertEquals(i, sent.size());
            Node ping = sent.getLast();
            assertEquals("w:p", ping.attr("xmlns"));
            assertEquals("ping", ping.children().getFirst().tag());
            scheduler.advance(Duration.ofSeconds(1));
            answerLastPing();
        }
        assertEquals(0, deaths.get());
        assertEquals(0, keepAlive.failures());
    }

    @Test
    void declaresTheConnectionDeadOnceWhenNoPingSucceedsForTheMaxFailTime() {
        keepAlive.start();
        // Each cycle: 20 s interval + 10 s unanswered deadline. 3 min without success = 6 cycles.
        scheduler.advance(Duration.ofSeconds(30 * 5));
        assertEquals(0, deaths.get(), "failures below the max fail time are tolerated");
        assertEquals(5, keepAlive.failures());
        scheduler.advance(Duration.ofSeconds(30));
        assertEquals(1, deaths.get());
        int pingsAtDeath = sent.size();
        scheduler.advance(Duration.ofMinutes(10));
        assertEquals(1, deaths.get(), "declared dead once");
        assertEquals(pingsAtDeath, sent.size(), "no pings after death");
    }

    @Test
    void aSuccessResetsTheFailClock() {
        keepAlive.start();
        scheduler.advance(Duration.ofSeconds(30 * 5)); // five failures
        scheduler.advance(Duration.ofSeconds(20));
        answerLastPing();
        scheduler.advance(Duration.ofSeconds(30 * 5));
        assertEquals(0, deaths.get());
    }

    @Test
    void stopCancelsThePendingPing() {
        keepAlive.start();
        keepAlive.stop();
        scheduler.advance(Duration.ofMinutes(5));
        assertEquals(0, sent.size());
        assertEquals(0, deaths.get());
    }
}
