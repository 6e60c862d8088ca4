package io.wabridge.bridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.proto.v1.Community;
import io.wabridge.proto.v1.GroupLink;
import io.wabridge.proto.v1.GroupUpdate;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.community.CommunityServer;
import io.wabridge.simulator.group.SimGroup;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Communities through the bridge and Kafka: create_community answers with the announcement group; a group made with
 * create_group is linked (a group_update LINKED from the community and from the group), read back with
 * get_community_metadata and list_communities, then unlinked (UNLINKED); the refusals are command_result errors
 * (GROUP_ALREADY_LINKED, NOT_COMMUNITY_ADMIN on a contact's community, NOT_A_COMMUNITY, GROUP_NOT_LINKED); a group
 * named as its own community goes to the DLQ.
 */
@QuarkusTest
class CommunityBridgeTest extends SessionBridgeTest {
    private static final String SESSION = "community-1";
    private static final String PHONE = "15550008871";
    private static final String CONTACT = "15550008872";

    CommunityBridgeTest() {
        super(SESSION, "k-disconnect");
    }

    @Test
    void communitiesThroughKafka() throws Exception {
        PhoneAccount account = simulator.create(PHONE);
        PhoneAccount contact = simulator.create(CONTACT);
        kafka.linkByQr(account, "k-connect");

        kafka.command("{\"commandId\":\"k-create\",\"createCommunity\":{\"subject\":\"Neighbours\",\"description\":\"Street 12-40\"}}");
        Community made = kafka.result("k-create").getCommandResult().getOk().getCommunity();
        assertTrue(made.getIsCommunity(), made.toString());
        String community = made.getGroup().getJid();
        String announcements = made.getAnnouncementGroupJid();
        assertFalse(announcements.isEmpty(), made.toString());
        assertEquals("Street 12-40", made.getGroup().getDescription());

        kafka.command("{\"commandId\":\"k-group\",\"createGroup\":{\"subject\":\"Garden\",\"participants\":[\"" + CONTACT + "\"]}}");
        String garden = kafka.result("k-group").getCommandResult().getOk().getGroup().getJid();
        kafka.command("{\"commandId\":\"k-link\",\"linkCommunityGroup\":{\"community\":\"" + community + "\",\"group\":\""
                + garden + "\"}}");
        assertTrue(kafka.result("k-link").getCommandResult().hasOk());
        GroupUpdate fromCommunity = update(community, GroupUpdate.Kind.LINKED);
        assertEquals(garden, fromCommunity.getLink().getGroup());
        assertEquals(GroupLink.Type.SUB_GROUP, fromCommunity.getLink().getType());
        assertEquals(PHONE + "@s.whatsapp.net", fromCommunity.getActor().getPn());
        assertEquals(community, update(garden, GroupUpdate.Kind.LINKED).getLink().getGroup());

        kafka.command("{\"commandId\":\"k-meta\",\"getCommunityMetadata\":{\"jid\":\"" + garden + "\"}}");
        Community gardenMeta = kafka.result("k-meta").getCommandResult().getOk().getCommunity();
        assertEquals(community, gardenMeta.getParent());
        assertFalse(gardenMeta.getIsCommunity());
        kafka.command("{\"commandId\":\"k-meta-2\",\"getCommunityMetadata\":{\"jid\":\"" + announcements + "\"}}");
        Community announcementMeta = kafka.result("k-meta-2").getCommandResult().getOk().getCommunity();
        assertTrue(announcementMeta.getAnnouncementGroup() && announcementMeta.getGroup().getAnnouncement());

        kafka.command("{\"commandId\":\"k-again\",\"linkCommunityGroup\":{\"community\":\"" + community + "\",\"group\":\""
                + garden + "\"}}");
        assertEquals("GROUP_ALREADY_LINKED", kafka.result("k-again").getCommandResult().getError().getCode());
        SimGroup theirs = new CommunityServer(simulator.groups()).createCommunity(contact, "Book club", List.of(account),
                "request_required");
        kafka.command("{\"commandId\":\"k-theirs\",\"linkCommunityGroup\":{\"community\":\"" + theirs.jid() + "\",\"group\":\""
                + announcements + "\"}}");
        assertEquals("NOT_COMMUNITY_ADMIN", kafka.result("k-theirs").getCommandResult().getError().getCode());
        kafka.command("{\"commandId\":\"k-not\",\"linkCommunityGroup\":{\"community\":\"" + garden + "\",\"group\":\""
                + community + "\"}}");
        assertEquals("NOT_A_COMMUNITY", kafka.result("k-not").getCommandResult().getError().getCode());

        kafka.command("{\"commandId\":\"k-list\",\"listCommunities\":{}}");
        List<Community> listed = kafka.result("k-list").getCommandResult().getOk().getCommunitiesList();
        Community ours = listed.stream().filter(c -> c.getGroup().getJid().equals(community)).findFirst().orElseThrow();
        assertEquals(List.of(announcements, garden), ours.getLinkedGroupsList().stream().map(g -> g.getJid()).toList());
        assertTrue(listed.stream().anyMatch(c -> c.getGroup().getJid().equals(theirs.jid().toString())), listed.toString());

        kafka.command("{\"commandId\":\"k-unlink\",\"unlinkCommunityGroup\":{\"community\":\"" + community + "\",\"group\":\""
                + garden + "\"}}");
        assertTrue(kafka.result("k-unlink").getCommandResult().hasOk());
        assertEquals("unlink_group", update(community, GroupUpdate.Kind.UNLINKED).getLink().getUnlinkReason());
        kafka.command("{\"commandId\":\"k-unlink-2\",\"unlinkCommunityGroup\":{\"community\":\"" + community
                + "\",\"group\":\"" + garden + "\"}}");
        assertEquals("GROUP_NOT_LINKED", kafka.result("k-unlink-2").getCommandResult().getError().getCode());

        RecordMetadata bad = kafka.command("{\"commandId\":\"k-bad\",\"linkCommunityGroup\":{\"community\":\"" + community
                + "\",\"group\":\"" + community + "\"}}");
        assertEquals("INVALID_COMMAND", kafka.result("k-bad").getCommandResult().getError().getCode());
        ConsumerRecord<byte[], byte[]> dead = dlq.awaitRecord(r ->
                String.valueOf(bad.offset()).equals(KafkaTap.header(r, "dlq-original-offset"))
                        && String.valueOf(bad.partition()).equals(KafkaTap.header(r, "dlq-original-partition")));
        assertEquals("INVALID_COMMAND", KafkaTap.header(dead, "dlq-reason-code"));
    }

    private GroupUpdate update(String group, GroupUpdate.Kind kind) {
        return events.awaitEvent(SESSION, e -> e.hasGroupUpdate() && e.getGroupUpdate().getGroup().equals(group)
                && e.getGroupUpdate().getKind() == kind).getGroupUpdate();
    }
}
