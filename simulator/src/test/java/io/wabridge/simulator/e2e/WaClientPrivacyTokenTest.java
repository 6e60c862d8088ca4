package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.message.content.Text;
import io.wabridge.client.send.SendResult;
import io.wabridge.simulator.privacy.PrivacyTokenService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Privacy tokens against the simulator: a token a contact issues reaches our client as a notification and is
 * stored; our 1:1 messages to that contact then carry it ({@code <tctoken>}, checked by the server as valid), and
 * after a 1:1 send our client issues its own token to the contact.
 */
class WaClientPrivacyTokenTest {
    @RegisterExtension
    final SimulatedSetup.PerTest setups = new SimulatedSetup.PerTest();
    private SimulatedSetup setup;

    @Test
    void aTokenIssuedToUsIsStoredAttachedToOurMessagesAndOursIsIssuedBack() throws Exception {
        setup = setups.link();
        PrivacyTokenService server = setup.simulator.accounts().messaging().privacyTokens();

        SendResult before = setup.client.sendMessage(setup.alice.jid(), new Text("no token yet"), "pt-0").get(30, TimeUnit.SECONDS);
        assertEquals("no token yet", setup.alice.awaitMessage(Duration.ofSeconds(10)).text());
        assertTrue(server.seenOn(before.messageId()).isEmpty(), "nothing to attach before a token came");
        awaitUntil(() -> server.hasIssued(setup.me, setup.alice.account()), "our token issued after the 1:1 send");

        byte[] token = server.issue(setup.alice.account(), setup.me);
        String aliceLid = setup.alice.account().lidJid().toString();
        awaitUntil(() -> setup.store.privacyTokens().load(aliceLid).isPresent(), "the token is stored under alice's LID");
        assertArrayEquals(token, setup.store.privacyTokens().load(aliceLid).orElseThrow().token());

        SendResult after = setup.client.sendMessage(setup.alice.jid(), new Text("with the token"), "pt-1").get(30, TimeUnit.SECONDS);
        assertEquals("with the token", setup.alice.awaitMessage(Duration.ofSeconds(10)).text());
        PrivacyTokenService.SeenToken seen = server.seenOn(after.messageId()).orElseThrow();
        assertTrue(seen.valid(), "the server accepts the token alice issued");
        assertArrayEquals(token, seen.token());
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(20);
        }
    }
}
