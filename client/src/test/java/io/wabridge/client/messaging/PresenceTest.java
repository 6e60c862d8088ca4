package io.wabridge.client.messaging;

import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.presence.ChatState;
import io.wabridge.client.presence.Presence;
import io.wabridge.client.store.PrivacyToken;
import io.wabridge.client.testing.ClientHarness;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** WaClient's presence API on a logged-in connection: what goes out, and the events what comes in becomes. */
class PresenceTest {

    @Test
    void sendsPresenceWithThePushNameAndChatStatesFromOurDevice() {
        MessagingFixture f = new MessagingFixture(new ClientHarness(WaClientConfig.defaults().withPushName("Acme"))).login();

        f.h.client.sendPresence(Presence.AVAILABLE).join();
        f.h.client.sendChatState(BOB, ChatState.COMPOSING).join();
        f.h.client.sendChatState(BOB, ChatState.PAUSED).join();

        Node presence = f.sent("presence").getLast();
        assertEquals("available", presence.attr("type"));
        assertEquals("Acme", presence.attr("name"));
        var states = f.sent("chatstate");
        assertEquals(2, states.size());
        assertEquals(MessagingFixture.CLIENT, states.get(0).jidAttr("from"));
        assertEquals(BOB, states.get(0).jidAttr("to"));
        assertEquals("composing", states.get(0).children().getFirst().tag());
        assertEquals("paused", states.get(1).children().getFirst().tag());
    }

    @Test
    void subscribeCarriesTheStoredPrivacyToken() {
        MessagingFixture f = new MessagingFixture().login();
        f.h.store.privacyTokens().store(new PrivacyToken(BOB.toString(), new byte[] {7, 7}, Instant.ofEpochSecond(1)));

        f.h.client.subscribePresence(BOB.withDevice(3)).join();

        Node subscribe = f.sent("presence").getLast();
        assertEquals("subscribe", subscribe.attr("type"));
        assertEquals(BOB, subscribe.jidAttr("to"));
        assertTrue(subscribe.hasAttr("id"));
        assertArrayEquals(new byte[] {7, 7}, subscribe.child("tctoken").bytes());
    }

    @Test
    void receivedPresenceAndChatStatesBecomeEventsWithoutAcks() {
        MessagingFixture f = new MessagingFixture().login();
        int sentBefore = f.connection().received().size();

        f.connection().send(Node.builder("presence").attr("from", BOB).attr("type", "unavailable")
                .attr("last", "1767225600").build());
        f.connection().send(Node.builder("chatstate").attr("from", BOB)
                .child(Node.builder("composing").attr("media", "audio").build()).build());
        f.connection().send(Node.builder("chatstate").attr("from", BOB).child(Node.of("dancing")).build());

        ClientEvent.PresenceUpdate presence = f.events(ClientEvent.PresenceUpdate.class).getFirst();
        assertEquals(new ClientEvent.PresenceUpdate(BOB, false, Instant.ofEpochSecond(1767225600)), presence);
        ClientEvent.ChatStateUpdate state = f.events(ClientEvent.ChatStateUpdate.class).getFirst();
        assertEquals(new ClientEvent.ChatStateUpdate(BOB, BOB, ChatState.RECORDING), state);
        assertEquals(1, f.events(ClientEvent.ChatStateUpdate.class).size());
        assertTrue(f.events(ClientEvent.Warning.class).stream().anyMatch(w -> w.message().contains("dancing")),
                "an unknown state is reported, not thrown");
        assertEquals(sentBefore, f.connection().received().size(), "presence stanzas are not acknowledged");
        assertEquals(WaClient.State.OPEN, f.h.client.state());
    }

    @Test
    void refusedWhenNotLoggedIn() {
        MessagingFixture f = new MessagingFixture();
        CompletionException e = assertThrows(CompletionException.class,
                () -> f.h.client.sendChatState(Jid.pn("1555"), ChatState.COMPOSING).join());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }
}
