package io.wabridge.client.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent.GroupUpdate;
import io.wabridge.client.events.ClientEvent.GroupUpdate.Kind;
import io.wabridge.client.jid.Jid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupNotificationsTest {
    private static final Jid GROUP = Jid.group("120363000000000042");

    private static Node notification(String actor, Node... changes) {
        return Node.builder("notification").attr("type", "w:gp2").attr("from", GROUP).attr("id", "n1")
                .attr("t", 1764000000).attr("participant", actor).attr("participant_pn", "15550001111@s.whatsapp.net")
                .children(changes).build();
    }

    private static Node participant(String jid, String pnOrLidKey, String other) {
        return Node.builder("participant").attr("jid", jid).attr(pnOrLidKey, other).build();
    }

    @Test
    void eachChildIsOneTypedEvent() {
        List<GroupUpdate> updates = GroupNotifications.parse(notification("90210000000001@lid",
                Node.builder("add").child(participant("90210000000002@lid", "phone_number", "15550002222@s.whatsapp.net")).build(),
                Node.builder("subject").attr("subject", "New name").attr("s_t", 1).build(),
                Node.builder("description").attr("id", "D1").child(Node.builder("body")
                        .bytes("about us".getBytes(StandardCharsets.UTF_8)).build()).build(),
                Node.builder("description").attr("id", "D2").child(Node.of("delete")).build(),
                Node.of("not_announcement"), Node.of("locked"),
                Node.builder("membership_approval_mode").child(Node.builder("group_join").attr("state", "off").build()).build(),
                Node.builder("ephemeral").attr("expiration", 86400).build(), Node.of("not_ephemeral"),
                Node.builder("invite").attr("code", "AbC").build(),
                Node.builder("something_new").attr("x", "y").build()));
        assertEquals(List.of(Kind.PARTICIPANTS_ADDED, Kind.SUBJECT, Kind.DESCRIPTION, Kind.DESCRIPTION, Kind.ANNOUNCEMENT,
                Kind.LOCKED, Kind.APPROVAL_MODE, Kind.EPHEMERAL, Kind.EPHEMERAL, Kind.INVITE_LINK, Kind.UNKNOWN),
                updates.stream().map(GroupUpdate::kind).toList());
        GroupUpdate add = updates.getFirst();
        assertEquals(GROUP, add.group());
        assertEquals(Jid.lid("90210000000001"), add.actor());
        assertEquals(Jid.pn("15550001111"), add.actorPn());
        assertEquals(new GroupUpdate.Member(Jid.lid("90210000000002"), Jid.pn("15550002222"), Jid.lid("90210000000002")),
                add.participants().getFirst());
        assertEquals(Instant.ofEpochSecond(1764000000), add.timestamp());
        assertEquals("n1", add.notificationId());
        assertEquals("New name", updates.get(1).subject());
        assertEquals("about us", updates.get(2).description());
        assertEquals("", updates.get(3).description(), "a deleted description");
        assertEquals(Boolean.FALSE, updates.get(4).enabled());
        assertEquals(Boolean.TRUE, updates.get(5).enabled());
        assertEquals(Boolean.FALSE, updates.get(6).enabled());
        assertEquals(86400, updates.get(7).ephemeralSeconds());
        assertEquals(0, updates.get(8).ephemeralSeconds());
        assertEquals("AbC", updates.get(9).inviteCode());
        assertEquals("something_new", updates.get(10).tag(), "an unknown change is kept with its tag");
        assertNull(updates.get(10).enabled());
    }

    @Test
    void aRemovalOfTheActorItselfIsALeave() {
        GroupUpdate left = GroupNotifications.parse(notification("15550003333@s.whatsapp.net",
                Node.builder("remove").child(participant("15550003333@s.whatsapp.net", "lid", "90210000000003@lid"))
                        .build())).getFirst();
        assertEquals(Kind.PARTICIPANTS_LEFT, left.kind());
        GroupUpdate removed = GroupNotifications.parse(notification("15550001111@s.whatsapp.net",
                Node.builder("remove").child(participant("15550003333@s.whatsapp.net", "lid", "90210000000003@lid"))
                        .build())).getFirst();
        assertEquals(Kind.PARTICIPANTS_REMOVED, removed.kind());
        assertEquals(Jid.lid("90210000000003"), removed.participants().getFirst().lid());
    }

    @Test
    void oddInputIsNeverFatal() {
        assertTrue(GroupNotifications.parse(Node.builder("notification").attr("from", "15550001111@s.whatsapp.net")
                .child(Node.of("add")).build()).isEmpty(), "not from a group");
        List<GroupUpdate> odd = GroupNotifications.parse(Node.builder("notification").attr("from", GROUP)
                .children(Node.builder("add").child(Node.builder("participant").attr("jid", "not a jid").build()).build(),
                        Node.of("create"), Node.builder("ephemeral").attr("expiration", "soon").build()).build());
        assertEquals(List.of(Kind.PARTICIPANTS_ADDED, Kind.UNKNOWN, Kind.EPHEMERAL), odd.stream().map(GroupUpdate::kind).toList());
        assertTrue(odd.getFirst().participants().isEmpty());
        assertNull(odd.getFirst().actor());
        assertEquals(0, odd.get(2).ephemeralSeconds());
    }
}
