package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.binary.Node;
import io.wabridge.client.call.CallException;
import io.wabridge.client.call.CallUpdate;
import io.wabridge.client.call.Calls;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.AccountStore;
import io.wabridge.simulator.call.CallService;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls against the simulator: alice's phone calls our account; our client sees the offer (the relay latency that
 * follows is acknowledged without an event), rejects it (the server sees the rejection from our device), and sees
 * timeouts, hang-ups, group calls, answers and rejections on the phone or on a second companion; a reject on a call
 * that is unknown, over or answered fails with its reason; auto-reject rejects and replies; an odd call stanza comes
 * through raw. Every call stanza is acknowledged (the device's mailbox empties).
 */
class WaClientCallTest {
    private SimulatedSetup setup;
    private CallService calls;
    private int device;

    @BeforeEach
    void link() throws Exception {
        setup = new SimulatedSetup().link();
        calls = setup.simulator.accounts().messaging().calls();
        device = setup.me.deviceIds().stream().filter(d -> d != 0).findFirst().orElseThrow();
    }

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void anOfferIsAnEventAndOurRejectReachesTheServer() throws Exception {
        String id = calls.ring(setup.alice.account(), setup.me, false);
        CallUpdate offer = awaitCall(setup.events, CallUpdate.Status.OFFER);
        assertEquals(id, offer.callId());
        assertEquals(setup.alice.account().jid(), offer.creatorPn());
        assertEquals(setup.alice.account().lidJid(), offer.creatorLid());
        assertFalse(offer.video());
        assertFalse(offer.group());
        assertEquals("offer", offer.tag());
        awaitUntil(() -> setup.simulator.accounts().messaging().pending(setup.me, device) == 0,
                "the offer and the relay latency are acknowledged");

        setup.client.calls().reject(id).get(30, TimeUnit.SECONDS);
        CallUpdate rejected = awaitCall(setup.events, CallUpdate.Status.REJECTED);
        assertFalse(rejected.elsewhere());
        assertFalse(rejected.automatic());
        awaitUntil(() -> calls.call(id).orElseThrow().state() == CallService.State.REJECTED, "the server saw the reject");
        assertEquals(setup.me.jid().withDevice(device), calls.call(id).orElseThrow().endedBy());

        assertEquals(CallException.Reason.CALL_ALREADY_ENDED, rejectFails(setup.client, id));
        assertEquals(CallException.Reason.CALL_NOT_FOUND, rejectFails(setup.client, "0123456789ABCDEF"));
        assertTrue(setup.all.stream().noneMatch(e -> e instanceof ClientEvent.Call c
                && c.update().status() == CallUpdate.Status.UNKNOWN), "relay latency makes no event");
    }

    @Test
    void timeoutsHangUpsGroupCallsAndAnswersOnThePhone() throws Exception {
        String video = calls.ring(setup.alice.account(), setup.me, true);
        assertTrue(awaitCall(setup.events, CallUpdate.Status.OFFER).video());
        assertTrue(calls.hangUp(video));
        CallUpdate ended = awaitCall(setup.events, CallUpdate.Status.TERMINATED);
        assertEquals(video, ended.callId());
        assertTrue(ended.video(), "later stanzas carry the offer's flags");
        assertNull(ended.reason());

        String missed = calls.ring(setup.alice.account(), setup.me, false);
        awaitCall(setup.events, CallUpdate.Status.OFFER);
        assertTrue(calls.timeOut(missed));
        CallUpdate timeout = awaitCall(setup.events, CallUpdate.Status.TIMEOUT);
        assertEquals("timeout", timeout.reason());
        assertEquals(CallException.Reason.CALL_ALREADY_ENDED, rejectFails(setup.client, missed));

        String answered = calls.ring(setup.alice.account(), setup.me, false);
        awaitCall(setup.events, CallUpdate.Status.OFFER);
        assertTrue(calls.answerOn(answered, 0));
        CallUpdate accepted = awaitCall(setup.events, CallUpdate.Status.ACCEPTED);
        assertTrue(accepted.elsewhere());
        assertEquals(setup.me.jid(), accepted.from().toNonAd());
        assertEquals(CallException.Reason.CALL_ANSWERED, rejectFails(setup.client, answered));

        String declined = calls.ring(setup.alice.account(), setup.me, false);
        awaitCall(setup.events, CallUpdate.Status.OFFER);
        assertTrue(calls.rejectOn(declined, 0));
        assertTrue(awaitCall(setup.events, CallUpdate.Status.REJECTED).elsewhere());

        Jid group = Jid.group("120363000000000001");
        String groupCall = calls.ringGroup(setup.alice.account(), setup.me, true, group);
        CallUpdate notice = awaitCall(setup.events, CallUpdate.Status.OFFER);
        assertEquals(groupCall, notice.callId());
        assertTrue(notice.group());
        assertTrue(notice.video());
        assertEquals(group, notice.groupJid());
        assertEquals("offer_notice", notice.tag());
        awaitUntil(() -> setup.simulator.accounts().messaging().pending(setup.me, device) == 0, "everything acknowledged");
    }

    @Test
    void aRejectOnASecondCompanionIsSeenElsewhere() throws Exception {
        AccountStore second = setup.stores.open("acme-2");
        BlockingQueue<ClientEvent> secondEvents = new LinkedBlockingQueue<>();
        WaClient other = setup.newClient(second, secondEvents);
        try {
            other.connect();
            setup.me.phone().scanQr(SimulatedSetup.awaitOn(secondEvents, ClientEvent.Qr.class).code()).get(30, TimeUnit.SECONDS);
            SimulatedSetup.awaitOn(secondEvents, ClientEvent.Open.class);
            String id = calls.ring(setup.alice.account(), setup.me, false);
            awaitCall(setup.events, CallUpdate.Status.OFFER);
            awaitCall(secondEvents, CallUpdate.Status.OFFER);
            other.calls().reject(id).get(30, TimeUnit.SECONDS);
            CallUpdate seen = awaitCall(setup.events, CallUpdate.Status.REJECTED);
            assertTrue(seen.elsewhere());
            assertEquals(CallException.Reason.CALL_ALREADY_ENDED, rejectFails(setup.client, id));
        } finally {
            other.close();
        }
    }

    @Test
    void autoRejectRejectsAndRepliesAndOddStanzasComeThroughRaw() throws Exception {
        setup.client.calls().autoReject(new Calls.AutoReject(true, "I cannot take calls here, please write."));
        String id = calls.ring(setup.alice.account(), setup.me, false);
        awaitCall(setup.events, CallUpdate.Status.OFFER);
        CallUpdate rejected = awaitCall(setup.events, CallUpdate.Status.REJECTED);
        assertTrue(rejected.automatic());
        assertEquals(id, rejected.callId());
        awaitUntil(() -> calls.call(id).orElseThrow().state() == CallService.State.REJECTED, "the server saw the reject");
        assertEquals("I cannot take calls here, please write.", setup.alice.awaitMessage(Duration.ofSeconds(30)).text());

        setup.client.calls().autoReject(Calls.AutoReject.OFF);
        calls.deliver(setup.me, Node.builder("call").attr("from", setup.alice.account().jid().withDevice(0))
                .attr("id", "odd-1").attr("t", 1_700_000_000L)
                .child(Node.builder("video_upgrade").attr("call-id", "ABC").attr("call-creator", setup.alice.account().jid())
                        .attr("state", "2").build()).build());
        CallUpdate unknown = awaitCall(setup.events, CallUpdate.Status.UNKNOWN);
        assertEquals("video_upgrade", unknown.tag());
        assertEquals("2", unknown.attributes().get("state"));
        assertEquals("ABC", unknown.callId());
        calls.deliver(setup.me, Node.builder("call").attr("from", setup.alice.account().jid().withDevice(0))
                .attr("id", "odd-2").build());
        assertEquals("call", awaitCall(setup.events, CallUpdate.Status.UNKNOWN).tag());
        awaitUntil(() -> setup.simulator.accounts().messaging().pending(setup.me, device) == 0, "odd stanzas acknowledged");
    }

    private static CallException.Reason rejectFails(WaClient client, String id) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.calls().reject(id).get(30, TimeUnit.SECONDS));
        return assertInstanceOf(CallException.class, e.getCause()).reason();
    }

    static CallUpdate awaitCall(BlockingQueue<ClientEvent> queue, CallUpdate.Status status) throws InterruptedException {
        while (true) {
            CallUpdate u = SimulatedSetup.awaitOn(queue, ClientEvent.Call.class).update();
            if (u.status() == status) {
                return u;
            }
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(20);
        }
    }
}
