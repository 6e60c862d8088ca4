package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.presence.ChatState;
import io.wabridge.client.presence.Presence;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactChatState;
import io.wabridge.simulator.contact.ContactPresence;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.testing.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our client, linked to a simulated account, and another account's phone (a simulated contact) tell each other
 * that they type and that they are online, through the simulator's presence routing, both ways.
 */
class WaClientPresenceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private SimulatedSetup setup;
    private WaSimulator simulator;
    private PhoneAccount me;
    private SimulatedContact alice;
    private WaClient client;

    @BeforeEach
    void start() throws Exception {
        setup = new SimulatedSetup(config -> config.withPushName("Acme")).link();
        simulator = setup.simulator;
        me = setup.me;
        alice = setup.alice;
        client = setup.client;
    }

    @AfterEach
    void stop() {
        setup.close();
    }

    @Test
    void chatStatesReachTheContactAndComeBack() throws Exception {
        client.sendChatState(alice.jid(), ChatState.COMPOSING).get(10, TimeUnit.SECONDS);
        assertEquals(new ContactChatState(me.jid(), ChatState.COMPOSING), alice.awaitChatState(WAIT));
        client.sendChatState(alice.jid(), ChatState.RECORDING).get(10, TimeUnit.SECONDS);
        assertEquals(ChatState.RECORDING, alice.awaitChatState(WAIT).state());
        client.sendChatState(alice.jid(), ChatState.PAUSED).get(10, TimeUnit.SECONDS);
        assertEquals(ChatState.PAUSED, alice.awaitChatState(WAIT).state());

        alice.sendChatState(me.jid(), ChatState.COMPOSING);
        ClientEvent.ChatStateUpdate typing = await(ClientEvent.ChatStateUpdate.class);
        assertEquals(alice.jid(), typing.chat());
        assertEquals(alice.jid(), typing.sender());
        assertEquals(ChatState.COMPOSING, typing.state());
        alice.sendChatState(me.jid(), ChatState.PAUSED);
        assertEquals(ChatState.PAUSED, await(ClientEvent.ChatStateUpdate.class).state());
    }

    @Test
    void presenceReachesSubscribersBothWays() throws Exception {
        // The contact watches us: our status reaches it, first going online, then offline with a last-seen time.
        alice.subscribePresence(me.jid());
        awaitSubscribers(me, 1);
        client.sendPresence(Presence.AVAILABLE).get(10, TimeUnit.SECONDS);
        ContactPresence online = alice.awaitPresence(WAIT);
        assertEquals(new ContactPresence(me.jid(), true, null), online);
        client.sendPresence(Presence.UNAVAILABLE).get(10, TimeUnit.SECONDS);
        ContactPresence offline = alice.awaitPresence(WAIT);
        assertFalse(offline.available());
        assertNotNull(offline.lastSeen(), "going offline tells when");

        // We watch the contact: its current status comes at once, changes follow.
        alice.sendPresence(true);
        client.subscribePresence(alice.jid()).get(10, TimeUnit.SECONDS);
        ClientEvent.PresenceUpdate current = await(ClientEvent.PresenceUpdate.class);
        assertEquals(alice.jid(), current.from());
        assertTrue(current.available());
        alice.sendPresence(false);
        ClientEvent.PresenceUpdate away = await(ClientEvent.PresenceUpdate.class);
        assertFalse(away.available());
        assertNotNull(away.lastSeen());
    }

    @Test
    void subscriptionsEndWithTheConnectionAndNothingIsDeliveredLater() throws Exception {
        client.subscribePresence(alice.jid()).get(10, TimeUnit.SECONDS);
        awaitSubscribers(alice.account(), 1);
        client.disconnect().get(10, TimeUnit.SECONDS);
        awaitSubscribers(alice.account(), 0); // the server notices the closed connection

        alice.sendChatState(me.jid(), ChatState.COMPOSING); // nobody of ours online: dropped, not queued
        alice.sendPresence(true);
        setup.events.clear();
        client.connect();
        await(ClientEvent.Open.class);
        // A message sent after the chat state arrives; had the chat state been kept, it would have come first.
        alice.sendText(me.jid(), "after");
        List<ClientEvent> seen = new ArrayList<>();
        while (true) {
            ClientEvent e = setup.events.poll(30, TimeUnit.SECONDS);
            assertNotNull(e, "the message arrives; saw " + seen);
            seen.add(e);
            if (e instanceof ClientEvent.MessageReceived) {
                break;
            }
        }
        assertTrue(seen.stream().noneMatch(e -> e instanceof ClientEvent.ChatStateUpdate
                || e instanceof ClientEvent.PresenceUpdate), seen.toString());
        assertNull(alice.awaitChatState(Duration.ZERO));
    }

    private void awaitSubscribers(PhoneAccount watched, int count) throws InterruptedException {
        Waits.until(() -> simulator.accounts().messaging().presence().subscriberCount(watched) == count,
                count + " subscriber(s) of " + watched.jid());
    }

    private <T extends ClientEvent> T await(Class<T> type) throws InterruptedException {
        return setup.await(type);
    }
}
