package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.receipt.ReceiptType;
import io.wabridge.client.send.SendResult;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our client, linked to a simulated account, exchanges 1:1 messages with another account's phone (a simulated
 * contact speaking real Signal) through the simulator's routing: first contact (pkmsg) then msg both ways,
 * delivery receipts, offline delivery after a reconnect, and a corrupted ciphertext recovered by a retry.
 */
class WaClientMessagingTest {
    private SimulatedSetup setup;
    private WaSimulator simulator;
    private PhoneAccount me;
    private SimulatedContact alice;
    private WaClient client;
    private BlockingQueue<ClientEvent> events;

    @BeforeEach
    void start() throws Exception {
        setup = new SimulatedSetup().link();
        simulator = setup.simulator;
        me = setup.me;
        alice = setup.alice;
        client = setup.client;
        events = setup.events;
    }

    @AfterEach
    void stop() {
        setup.close();
    }

    private <T extends ClientEvent> T await(Class<T> type) throws InterruptedException {
        return setup.await(type);
    }

    private ClientEvent.MessageReceived awaitText(String text) throws InterruptedException {
        return setup.awaitText(text);
    }

    @Test
    void messagesFlowBothWaysWithReceipts() throws Exception {
        String firstId = alice.sendText(me.jid(), "hello from alice");
        ClientEvent.MessageReceived first = awaitText("hello from alice");
        assertEquals(firstId, first.id());
        assertTrue(first.sender().sameUser(alice.jid()), first.sender().toString());
        assertFalse(first.fromMe());
        assertNotNull(alice.awaitReceipt(Duration.ofSeconds(10)), "our delivery receipt reaches alice");

        SendResult sent = client.sendMessage(alice.jid(), new Text("hi alice"), "cmd-1").get(30, TimeUnit.SECONDS);
        ContactMessage atAlice = alice.awaitMessage(Duration.ofSeconds(10));
        assertEquals("hi alice", atAlice.text());
        assertEquals(sent.messageId(), atAlice.id());
        // Our own phone acknowledges its deviceSentMessage copy with a "sender" receipt; wait for alice's.
        ClientEvent.Receipt delivered;
        do {
            delivered = await(ClientEvent.Receipt.class);
        } while (delivered.type() != ReceiptType.DELIVERED);
        assertTrue(delivered.ids().contains(sent.messageId()), delivered.toString());
        assertTrue(delivered.from().sameUser(alice.jid()), delivered.toString());

        SendResult again = client.sendMessage(alice.jid(), new Text("hi alice"), "cmd-1").get(30, TimeUnit.SECONDS);
        assertEquals(sent.messageId(), again.messageId(), "the same idempotency key gives the same message id");

        alice.sendText(me.jid(), "second, as msg");
        assertEquals("second, as msg", ((Text) awaitText("second, as msg").content()).text());
    }

    @Test
    void twoWabridgeClientsTalkBothWaysAndOwnDevicesGetTheCopy() throws Exception {
        PhoneAccount bob = simulator.accounts().create("15550003333");
        BlockingQueue<ClientEvent> bobEvents = new LinkedBlockingQueue<>();
        WaClient bobClient = setup.newClient(setup.stores.open("bob"), bobEvents);
        try {
            bobClient.connect();
            ClientEvent.Qr qr = SimulatedSetup.awaitOn(bobEvents, ClientEvent.Qr.class);
            bob.phone().scanQr(qr.code()).get(30, TimeUnit.SECONDS);
            SimulatedSetup.awaitOn(bobEvents, ClientEvent.Open.class);

            // First contact both ways (pkmsg), then a second round (msg).
            List<String> sentByBob = new ArrayList<>();
            for (String round : new String[] {"first", "second"}) {
                SendResult toBob = client.sendMessage(bob.jid(), new Text(round + " to bob"), null).get(30, TimeUnit.SECONDS);
                ClientEvent.MessageReceived atBob = SimulatedSetup.awaitTextOn(bobEvents, round + " to bob");
                assertEquals(toBob.messageId(), atBob.id());
                assertTrue(atBob.sender().sameUser(me.jid()));

                SendResult toMe = bobClient.sendMessage(me.jid(), new Text(round + " to me"), null).get(30, TimeUnit.SECONDS);
                assertEquals(toMe.messageId(), awaitText(round + " to me").id());
                sentByBob.add(toMe.messageId());
            }
            // Bob also gets "sender" receipts from his own phone for the copies; wait for ours, from our device.
            ClientEvent.Receipt delivered;
            do {
                delivered = SimulatedSetup.awaitOn(bobEvents, ClientEvent.Receipt.class);
            } while (delivered.type() != ReceiptType.DELIVERED || !delivered.from().sameUser(me.jid()));
            assertTrue(sentByBob.containsAll(delivered.ids()), delivered.toString());

            // Our account's phone (another device of ours) received the deviceSentMessage copy of what we sent.
            SimulatedContact myPhone = simulator.accounts().messaging().contact(me);
            ContactMessage copy = myPhone.awaitMessage(Duration.ofSeconds(10));
            assertEquals("first to bob", copy.text());
        } finally {
            bobClient.close();
        }
    }

    @Test
    void messagesSentWhileOfflineArriveAfterTheReconnect() throws Exception {
        client.disconnect().get(10, TimeUnit.SECONDS);
        alice.sendText(me.jid(), "while you were away");
        events.clear();
        client.connect();
        await(ClientEvent.Open.class);
        awaitText("while you were away");
    }

    @Test
    void aCorruptedCiphertextIsRecoveredThroughARetryReceipt() throws Exception {
        alice.sendText(me.jid(), "establish the session");
        awaitText("establish the session");
        alice.corruptNext();
        alice.sendText(me.jid(), "this one is corrupted first");
        ClientEvent.DecryptFailed failed = await(ClientEvent.DecryptFailed.class);
        assertTrue(failed.willRetry(), failed.toString());
        awaitText("this one is corrupted first");
        alice.sendText(me.jid(), "and the next one still decrypts");
        awaitText("and the next one still decrypts");
    }

    @Test
    void aRestartContinuesTheSameSignalSessionsFromTheStore() throws Exception {
        alice.sendText(me.jid(), "before restart");
        awaitText("before restart");
        setup.restartClient();
        client = setup.client;
        alice.sendText(me.jid(), "after restart");
        awaitText("after restart");
        client.sendMessage(alice.jid(), new Text("reply after restart"), null).get(30, TimeUnit.SECONDS);
        assertEquals("reply after restart", alice.awaitMessage(Duration.ofSeconds(10)).text());
    }
}
