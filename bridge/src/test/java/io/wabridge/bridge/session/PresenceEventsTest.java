package io.wabridge.bridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.ChatState;
import io.wabridge.proto.v1.ChatStateEvent;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.Presence;
import io.wabridge.proto.v1.PresenceEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Presence and chat states between the client's types and the contract's, both directions. */
class PresenceEventsTest {
    private static final Jid BOB = Jid.pn("15550002222");

    private static EventEnvelope map(ClientEvent event) {
        EventEnvelope.Builder b = EventEnvelope.newBuilder();
        assertTrue(InboundEvents.map(event, b), event.toString());
        return b.build();
    }

    @Test
    void presenceUpdatesBecomePresenceEventsWithLastSeenOnlyWhenKnown() {
        PresenceEvent online = map(new ClientEvent.PresenceUpdate(BOB, true, null)).getPresence();
        assertEquals("15550002222@s.whatsapp.net", online.getJid());
        assertEquals(Presence.AVAILABLE, online.getPresence());
        assertFalse(online.hasLastSeen());

        PresenceEvent offline = map(new ClientEvent.PresenceUpdate(BOB, false, Instant.ofEpochSecond(1767225600)))
                .getPresence();
        assertEquals(Presence.UNAVAILABLE, offline.getPresence());
        assertEquals(1767225600, offline.getLastSeen().getSeconds());
    }

    @Test
    void chatStatesBecomeChatStateEventsNamingChatAndTypist() {
        Jid group = Jid.group("120363000000000001");
        ChatStateEvent inGroup = map(new ClientEvent.ChatStateUpdate(group, BOB,
                io.wabridge.client.presence.ChatState.RECORDING)).getChatstate();
        assertEquals("120363000000000001@g.us", inGroup.getChat());
        assertEquals("15550002222@s.whatsapp.net", inGroup.getSender().getPn());
        assertEquals(ChatState.RECORDING, inGroup.getState());

        assertEquals(ChatState.PAUSED, map(new ClientEvent.ChatStateUpdate(BOB, BOB,
                io.wabridge.client.presence.ChatState.PAUSED)).getChatstate().getState());
        assertEquals(ChatState.COMPOSING, map(new ClientEvent.ChatStateUpdate(BOB, BOB,
                io.wabridge.client.presence.ChatState.COMPOSING)).getChatstate().getState());
    }

    @Test
    void commandValuesMapToTheClientsAndUnspecifiedIsRefused() {
        assertEquals(io.wabridge.client.presence.Presence.AVAILABLE, InboundEvents.clientPresence(Presence.AVAILABLE));
        assertEquals(io.wabridge.client.presence.Presence.UNAVAILABLE, InboundEvents.clientPresence(Presence.UNAVAILABLE));
        assertEquals(io.wabridge.client.presence.ChatState.RECORDING, InboundEvents.clientChatState(ChatState.RECORDING));
        assertEquals(io.wabridge.client.presence.ChatState.PAUSED, InboundEvents.clientChatState(ChatState.PAUSED));
        assertThrows(IllegalArgumentException.class, () -> InboundEvents.clientPresence(Presence.PRESENCE_UNSPECIFIED));
        assertThrows(IllegalArgumentException.class, () -> InboundEvents.clientChatState(ChatState.CHAT_STATE_UNSPECIFIED));
    }
}
