package io.wabridge.client.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent.GroupUpdate;
import io.wabridge.client.events.ClientEvent.GroupUpdate.Kind;
import io.wabridge.client.events.ClientEvent.GroupUpdate.LinkType;
import io.wabridge.client.group.GroupNotifications;
import io.wabridge.client.jid.Jid;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code w:gp2} link and unlink children (whatsmeow {@code parseGroupChange}) as typed group updates. */
class LinkNotificationsTest {
    private static final Jid COMMUNITY = Jid.group("120363000000000077");

    private static List<GroupUpdate> parse(Node... changes) {
        return GroupNotifications.parse(Node.builder("notification").attr("type", "w:gp2").attr("from", COMMUNITY)
                .attr("id", "n9").attr("t", 1764000000).attr("participant", "15550001111@s.whatsapp.net")
                .children(changes).build());
    }

    @Test
    void linkAndUnlinkNameTheOtherGroupItsTypeAndTheReason() {
        List<GroupUpdate> updates = parse(
                Node.builder("link").attr("link_type", "sub_group").child(Node.builder("group")
                        .attr("jid", "120363000000000078@g.us").attr("subject", "Garden").build()).build(),
                Node.builder("link").attr("link_type", "parent").child(Node.builder("group")
                        .attr("jid", "120363000000000079@g.us").child(Node.of("default_sub_group")).build()).build(),
                Node.builder("unlink").attr("unlink_type", "sub_group").attr("unlink_reason", "delete_parent")
                        .child(Node.builder("group").attr("jid", "120363000000000078@g.us").build()).build(),
                Node.builder("link").attr("link_type", "sibling").child(Node.builder("group")
                        .attr("id", "120363000000000080").build()).build());
        assertEquals(List.of(Kind.LINKED, Kind.LINKED, Kind.UNLINKED, Kind.LINKED),
                updates.stream().map(GroupUpdate::kind).toList());
        GroupUpdate.Link garden = updates.getFirst().link();
        assertEquals(Jid.group("120363000000000078"), garden.group());
        assertEquals(LinkType.SUB_GROUP, garden.type());
        assertEquals("Garden", garden.subject());
        assertEquals("Garden", updates.getFirst().subject());
        assertFalse(garden.announcement());
        assertEquals(Jid.pn("15550001111"), updates.getFirst().actor());
        assertEquals(LinkType.PARENT, updates.get(1).link().type());
        assertTrue(updates.get(1).link().announcement());
        assertEquals("delete_parent", updates.get(2).link().reason());
        assertEquals(LinkType.SIBLING, updates.get(3).link().type());
        assertEquals(Jid.group("120363000000000080"), updates.get(3).link().group(), "a bare group id");
    }

    @Test
    void aLinkWithoutAReadableGroupSurfacesRawAsUnknown() {
        List<GroupUpdate> updates = parse(Node.builder("link").attr("link_type", "sub_group").build(),
                Node.builder("unlink").attr("unlink_type", "sub_group")
                        .child(Node.builder("group").attr("jid", "15550002222@s.whatsapp.net").build()).build(),
                Node.builder("link").attr("link_type", "future_type").child(Node.builder("group")
                        .attr("jid", "120363000000000078@g.us").build()).build());
        assertEquals(List.of(Kind.UNKNOWN, Kind.UNKNOWN, Kind.LINKED), updates.stream().map(GroupUpdate::kind).toList());
        assertEquals("link", updates.getFirst().tag());
        assertNull(updates.getFirst().link());
        assertEquals("unlink", updates.get(1).tag());
        assertEquals(LinkType.OTHER, updates.get(2).link().type());
    }

    @Test
    void communityFlagsAreReadFromTheGroupElement() {
        Node group = Node.builder("group").attr("id", "120363000000000079").attr("subject", "Neighbours")
                .children(Node.builder("linked_parent").attr("jid", COMMUNITY).build(), Node.of("default_sub_group"),
                        Node.of("announcement")).build();
        CommunityMetadata m = CommunityMetadata.parse(null, group);
        assertEquals(COMMUNITY, m.parent());
        assertTrue(m.announcementGroup());
        assertFalse(m.community());
        assertTrue(m.group().announcement());
        CommunityMetadata parent = CommunityMetadata.parse(null, Node.builder("group").attr("id", "120363000000000077")
                .child(Node.builder("parent").attr("default_membership_approval_mode", "request_required").build())
                .build());
        assertTrue(parent.community());
        assertEquals("request_required", parent.membershipApprovalMode());
        assertNull(parent.parent());
    }
}
