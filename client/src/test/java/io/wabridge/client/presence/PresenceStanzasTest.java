package io.wabridge.client.presence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Building the presence / chat-state stanzas we send, and reading the ones we receive. */
class PresenceStanzasTest {
    private static final Jid ME = Jid.parse("15550001111:7@s.whatsapp.net");
    private static final Jid BOB = Jid.pn("15550002222");

    @Test
    void presenceCarriesTypeAndPushNameWithoutAtSigns() {
        Node available = PresenceStanzas.presence(Presence.AVAILABLE, "Acme @ Support");
        assertEquals("presence", available.tag());
        assertEquals("available", available.attr("type"));
        assertEquals("Acme  Support", available.attr("name"));
        assertFalse(available.hasContent());
        assertEquals(2, available.attrCount());

        Node unavailable = PresenceStanzas.presence(Presence.UNAVAILABLE, null);
        assertEquals("unavailable", unavailable.attr("type"));
        assertFalse(unavailable.hasAttr("name"), "no name rather than an empty one");
        assertFalse(PresenceStanzas.presence(Presence.AVAILABLE, "@").hasAttr("name"));
    }

    @Test
    void subscribeNamesTheUserWithoutDeviceAndCarriesThePrivacyToken() {
        Node plain = PresenceStanzas.subscribe(BOB.withDevice(3), "42", null);
        assertEquals("subscribe", plain.attr("type"));
        assertEquals(BOB, plain.jidAttr("to"));
        assertEquals("42", plain.attr("id"));
        assertTrue(plain.children().isEmpty());

        Node withToken = PresenceStanzas.subscribe(BOB, "43", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, withToken.child("tctoken").bytes());
    }

    @Test
    void chatStateHasOneChildAndRecordingIsComposingAudio() {
        Node composing = PresenceStanzas.chatState(ME, BOB.withDevice(2), ChatState.COMPOSING);
        assertEquals("chatstate", composing.tag());
        assertEquals(ME, composing.jidAttr("from"));
        assertEquals(BOB, composing.jidAttr("to"));
        assertEquals(1, composing.children().size());
        assertEquals("composing", composing.children().getFirst().tag());
        assertFalse(composing.children().getFirst().hasAttr("media"));

        Node recording = PresenceStanzas.chatState(ME, BOB, ChatState.RECORDING);
        assertEquals("composing", recording.child("composing").tag());
        assertEquals("audio", recording.child("composing").attr("media"));

        assertEquals("paused", PresenceStanzas.chatState(ME, BOB, ChatState.PAUSED).children().getFirst().tag());
    }

    @Test
    void builtStanzasSurviveTheBinaryCodec() throws Exception {
        var codec = NodeCodec.forVersion(3);
        for (Node n : new Node[] {PresenceStanzas.presence(Presence.AVAILABLE, "Acme"),
                PresenceStanzas.subscribe(BOB, "1", new byte[] {9}),
                PresenceStanzas.chatState(ME, BOB, ChatState.RECORDING)}) {
            assertEquals(n, codec.decode(codec.encode(n)));
        }
    }

    @Test
    void presenceParsesAvailabilityAndLastSeen() throws Exception {
        ClientEvent.PresenceUpdate online = IncomingPresence.parsePresence(
                Node.builder("presence").attr("from", BOB.withDevice(0)).build());
        assertEquals(BOB, online.from());
        assertTrue(online.available());
        assertNull(online.lastSeen());

        ClientEvent.PresenceUpdate offline = IncomingPresence.parsePresence(Node.builder("presence")
                .attr("from", BOB).attr("type", "unavailable").attr("last", "1767225600").build());
        assertFalse(offline.available());
        assertEquals(Instant.ofEpochSecond(1767225600), offline.lastSeen());

        ClientEvent.PresenceUpdate hidden = IncomingPresence.parsePresence(Node.builder("presence")
                .attr("from", BOB).attr("type", "unavailable").attr("last", "deny").build());
        assertNull(hidden.lastSeen(), "deny: the user hides last seen");

        assertNull(IncomingPresence.parsePresence(Node.builder("presence").attr("from", BOB).attr("type", "error").build()));
    }

    @Test
    void unreadablePresenceIsASpecificException() {
        assertThrows(MalformedPresenceException.class,
                () -> IncomingPresence.parsePresence(Node.builder("presence").attr("type", "unavailable").build()));
        assertThrows(MalformedPresenceException.class, () -> IncomingPresence.parsePresence(
                Node.builder("presence").attr("from", "not a jid").build()));
        assertThrows(MalformedPresenceException.class, () -> IncomingPresence.parsePresence(
                Node.builder("presence").attr("from", BOB).attr("last", "yesterday").build()));
    }

    @Test
    void chatStateParsesOneToOneAndGroup() throws Exception {
        ClientEvent.ChatStateUpdate typing = IncomingPresence.parseChatState(Node.builder("chatstate")
                .attr("from", BOB).child(Node.of("composing")).build());
        assertEquals(BOB, typing.chat());
        assertEquals(BOB, typing.sender());
        assertEquals(ChatState.COMPOSING, typing.state());

        Jid group = Jid.group("120363000000000001");
        ClientEvent.ChatStateUpdate recording = IncomingPresence.parseChatState(Node.builder("chatstate")
                .attr("from", group).attr("participant", BOB.withDevice(4))
                .child(Node.builder("composing").attr("media", "audio").build()).build());
        assertEquals(group, recording.chat());
        assertEquals(BOB, recording.sender());
        assertEquals(ChatState.RECORDING, recording.state());

        assertEquals(ChatState.PAUSED, IncomingPresence.parseChatState(Node.builder("chatstate")
                .attr("from", BOB).child(Node.of("paused")).build()).state());
    }

    @Test
    void unreadableChatStateIsASpecificException() {
        assertThrows(MalformedPresenceException.class, () -> IncomingPresence.parseChatState(
                Node.builder("chatstate").attr("from", BOB).build()));
        assertThrows(MalformedPresenceException.class, () -> IncomingPresence.parseChatState(
                Node.builder("chatstate").attr("from", BOB).child(Node.of("dancing")).build()));
        assertThrows(MalformedPresenceException.class, () -> IncomingPresence.parseChatState(
                Node.builder("chatstate").child(Node.of("paused")).build()));
        assertThrows(MalformedPresenceException.class, () -> IncomingPresence.parseChatState(
                Node.builder("chatstate").attr("from", BOB).children(Node.of("paused"), Node.of("composing")).build()));
    }
}
