package io.wabridge.bridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wabridge.proto.v1.CommandResult;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RecentCommandsTest {
    private final RecentCommands recent = new RecentCommands();

    @Test
    void aDeliveryWhoseLookUpWasSentBeforeTheFirstWasStoredGetsTheFirstsResult() {
        CompletableFuture<CommandResult> first = new CompletableFuture<>();
        recent.issue();                         // c-1 dispatched
        assertNull(recent.check("c-1"));
        recent.running("c-1", first);
        recent.issue();                         // c-1 again, its look-up sent before the first result is stored
        recent.issue();                         // c-2
        recent.settled("c-1");                  // first result stored: look-ups 2 and 3 may have missed it
        assertSame(first, recent.check("c-1"));
        assertNull(recent.check("c-2"));
        assertEquals(0, recent.size(), "every look-up that could miss it has checked: forgotten");
    }

    @Test
    void aCommandIsKeptWhileItRunsAndForgottenOnceNoLookUpCanMissIt() {
        recent.issue();
        recent.check("c-1");
        recent.running("c-1", new CompletableFuture<>());
        assertEquals(1, recent.size());
        recent.issue();
        recent.check("c-2");
        assertEquals(1, recent.size(), "still running: a later look-up cannot see it yet");
        recent.settled("c-1");
        assertEquals(0, recent.size(), "stored after every issued look-up was checked: later ones find it in the log");
        recent.issue();
        assertNull(recent.check("c-1"));
    }
}
