package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.blocking.AccountSettingsUpdate;
import io.wabridge.client.blocking.BlockingException;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.blocking.BlockingService;
import io.wabridge.simulator.contact.ContactReceipt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Blocking and privacy settings against the simulator: block and unblock change the server's list (and refuse a
 * second block, an unblock of someone not blocked, blocking ourselves); a blocked contact's message never arrives
 * while the next one after the unblock does; privacy settings read, change (a value WhatsApp does not offer is
 * refused) and are enforced (read receipts off: the contact gets none); changes made on the phone arrive as events;
 * an account_sync child the client does not model comes through raw.
 */
class WaClientBlockingTest {
    @RegisterExtension
    final SimulatedSetup.PerTest setups = new SimulatedSetup.PerTest();
    private SimulatedSetup setup;

    @Test
    void blockingStopsMessagesAndTheListAndErrorsAreRight() throws Exception {
        setup = setups.link();
        BlockingService server = setup.simulator.accounts().messaging().blocking();
        Jid alice = setup.alice.account().jid();
        assertEquals(List.of(), setup.client.blocking().blocklist().get(30, TimeUnit.SECONDS));

        List<Jid> list = setup.client.blocking().block(alice).get(30, TimeUnit.SECONDS);
        assertEquals(1, list.size());
        assertTrue(server.blocks(setup.me, setup.alice.account()));
        AccountSettingsUpdate own = awaitSettings(AccountSettingsUpdate.Kind.BLOCKLIST);
        assertFalse(own.elsewhere());
        assertTrue(own.blocked().getFirst().blocked());
        assertEquals(BlockingException.Reason.ALREADY_BLOCKED, fails(() -> setup.client.blocking().block(alice).get(30, TimeUnit.SECONDS)));
        assertEquals(BlockingException.Reason.BLOCK_REJECTED,
                fails(() -> setup.client.blocking().block(setup.me.jid()).get(30, TimeUnit.SECONDS)));

        setup.alice.sendText(setup.me.jid(), "while blocked");
        setup.client.blocking().unblock(alice).get(30, TimeUnit.SECONDS);
        assertFalse(server.blocks(setup.me, setup.alice.account()));
        assertEquals(BlockingException.Reason.NOT_BLOCKED, fails(() -> setup.client.blocking().unblock(alice).get(30, TimeUnit.SECONDS)));
        setup.alice.sendText(setup.me.jid(), "after the unblock");
        setup.awaitText("after the unblock");
        assertTrue(setup.all.stream().noneMatch(e -> e instanceof ClientEvent.MessageReceived m
                && m.content() instanceof Text t && t.text().equals("while blocked")), "the blocked message never arrived");

        // The phone blocks alice: the change arrives as an event, and the client's list knows it.
        server.changeOnPhone(setup.me, setup.alice.account(), true);
        AccountSettingsUpdate elsewhere = awaitSettings(AccountSettingsUpdate.Kind.BLOCKLIST);
        assertTrue(elsewhere.elsewhere());
        assertEquals(BlockingException.Reason.ALREADY_BLOCKED, fails(() -> setup.client.blocking().block(alice).get(30, TimeUnit.SECONDS)));
    }

    @Test
    void privacySettingsAreReadChangedEnforcedAndAnnounced() throws Exception {
        setup = setups.link();
        Map<String, String> settings = setup.client.blocking().privacySettings().get(30, TimeUnit.SECONDS);
        assertEquals("all", settings.get("readreceipts"));
        assertEquals("all", settings.get("last"));
        assertEquals(BlockingException.Reason.PRIVACY_REJECTED,
                fails(() -> setup.client.blocking().setPrivacy("online", "contacts").get(30, TimeUnit.SECONDS)));

        setup.alice.sendText(setup.me.jid(), "first");
        ClientEvent.MessageReceived first = setup.awaitText("first");
        assertEquals("none", setup.client.blocking().setPrivacy("readreceipts", "none").get(30, TimeUnit.SECONDS)
                .get("readreceipts"));
        setup.client.markRead(first.chat(), List.of(first.id()), null).get(30, TimeUnit.SECONDS);
        setup.client.blocking().setPrivacy("readreceipts", "all").get(30, TimeUnit.SECONDS);
        setup.alice.sendText(setup.me.jid(), "second");
        ClientEvent.MessageReceived second = setup.awaitText("second");
        setup.client.markRead(second.chat(), List.of(second.id()), null).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean sawSecond = false;
        while (!sawSecond && System.nanoTime() < deadline) {
            ContactReceipt r = setup.alice.awaitReceipt(Duration.ofMillis(200));
            if (r != null && "read".equals(r.type())) {
                assertEquals(second.id(), r.id(), "no read receipt while read receipts were off");
                sawSecond = true;
            }
        }
        assertTrue(sawSecond, "the read receipt after turning them on arrived");

        setup.simulator.accounts().messaging().blocking().setOnPhone(setup.me, "last", "contacts");
        AccountSettingsUpdate phone = awaitSettings(AccountSettingsUpdate.Kind.PRIVACY);
        assertTrue(phone.elsewhere());
        assertEquals(Map.of("last", "contacts"), phone.privacy());

        int device = setup.me.deviceIds().stream().filter(d -> d != 0).findFirst().orElseThrow();
        setup.me.push(device, io.wabridge.client.binary.Node.builder("notification").attr("from", setup.me.jid())
                .attr("type", "account_sync").attr("id", "odd-1").attr("t", 1_700_000_000L)
                .child(io.wabridge.client.binary.Node.builder("dhash_v2").attr("value", "x1").build()).build());
        AccountSettingsUpdate unknown = awaitSettings(AccountSettingsUpdate.Kind.UNKNOWN);
        assertEquals("dhash_v2", unknown.tag());
        assertEquals("x1", unknown.attributes().get("value"));
    }

    private AccountSettingsUpdate awaitSettings(AccountSettingsUpdate.Kind kind) throws InterruptedException {
        while (true) {
            AccountSettingsUpdate u = setup.await(ClientEvent.AccountSettings.class).update();
            if (u.kind() == kind) {
                return u;
            }
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static BlockingException.Reason fails(Call call) {
        ExecutionException e = assertThrows(ExecutionException.class, call::run);
        return assertInstanceOf(BlockingException.class, e.getCause()).reason();
    }
}
