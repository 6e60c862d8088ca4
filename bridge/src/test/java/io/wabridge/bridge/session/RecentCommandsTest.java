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

    @Test
    void commandsSettlingOutOfTheirOrderAreEachForgottenOnceTheLookUpsIssuedBeforeTheirStoreWereChecked() {
        CompletableFuture<CommandResult> first = new CompletableFuture<>();
        for (int i = 1; i <= 3; i++) {         // a pipeline: c-1..c-3 dispatched and started
            recent.issue();
            assertNull(recent.check("c-" + i));
        }
        recent.running("c-1", first);
        recent.running("c-2", new CompletableFuture<>());
        recent.running("c-3", new CompletableFuture<>());
        recent.issue();                         // c-4
        recent.settled("c-2");                  // c-2 stored first: look-up 4 may have missed it
        recent.issue();                         // c-1 again
        recent.settled("c-1");                  // c-1 stored: look-ups 4 and 5 may have missed it
        assertEquals(3, recent.size());
        assertNull(recent.check("c-4"));
        assertEquals(2, recent.size(), "c-2 forgotten: every look-up before its store has checked");
        assertSame(first, recent.check("c-1"), "the second delivery of c-1 gets the first's result");
        assertEquals(1, recent.size(), "c-1 forgotten too; c-3 still runs");
        recent.settled("c-3");
        assertEquals(0, recent.size(), "no look-up outstanding: forgotten at once");
    }
}
