package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wabridge.client.message.content.Text;
import io.wabridge.client.send.SendResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A burst of thousands of sends asked at once, each chained behind the one before (sends are built in the order they
 * were asked): every one is acked. The chain used to run the waiting sends inside one another on the completing
 * thread's stack; a few thousand overflowed it, the futures swallowed the overflow and every later send waited for
 * good (the side-by-side benchmark's 2,000-send burst hung about every other run).
 */
class WaClientSendBurstTest {
    private static final int BURST = 5_000;
    @RegisterExtension
    final SimulatedSetup.PerTest setups = new SimulatedSetup.PerTest();
    private SimulatedSetup setup;

    @Test
    void aBurstOfSendsAskedAtOnceIsAckedToTheLast() throws Exception {
        setup = setups.link();
        setup.client.sendMessage(setup.alice.jid(), new Text("first")).get(30, TimeUnit.SECONDS);
        for (int round = 0; round < 2; round++) {
            // the burst's first send goes to a new contact: its device list and prekeys take a server round trip, so
            // every send to Alice asked behind it is ready and waits for it
            var newcomer = setup.simulator.accounts().messaging().contact(setup.simulator.accounts().create("1555000444" + round));
            List<CompletableFuture<SendResult>> sends = new ArrayList<>(BURST + 1);
            sends.add(setup.client.sendMessage(newcomer.jid(), new Text("hello, newcomer")));
            for (int i = 0; i < BURST; i++) {
                sends.add(setup.client.sendMessage(setup.alice.jid(), new Text("burst " + round + " #" + i)));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            Set<String> ids = new HashSet<>();
            for (CompletableFuture<SendResult> send : sends) {
                ids.add(send.join().messageId());
            }
            assertEquals(BURST + 1, ids.size(), "every send of round " + round + " acked with its own id");
        }
    }
}
