package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.bridge.community.CommunityContract;
import io.wabridge.bridge.session.InboundEvents;
import io.wabridge.client.binary.Node;
import io.wabridge.client.community.Communities;
import io.wabridge.client.community.CommunityException;
import io.wabridge.client.community.CommunityMetadata;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.group.GroupNotifications;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README "Communities in the contract": the commands are accepted and made canonical, the results and events are
 * byte for byte what the bridge writes (built from the stanzas WhatsApp sends, through the client's parsers).
 */
class CommunityDocumentedExamplesTest {
    /** The community examples' head has no {@code me}. */
    private static final DocumentedEvents DOCS = new DocumentedEvents("community",
            "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67C\",\"sessionId\":\"acme\","
                    + "\"occurredAt\":\"2025-11-24T16:00:00.456Z\"}");
    private static final Jid COMMUNITY = Jid.group("120363000000000077");
    private static final long AT = Instant.parse("2025-11-24T16:00:00Z").getEpochSecond();

    @Test
    void theCommandsAreAcceptedAndMadeCanonical() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope create = decoder.decode(Records.json("acme", DOCS.example("createCommunity")));
        assertEquals("Neighbours", create.getCreateCommunity().getSubject());
        CommandEnvelope link = decoder.decode(Records.json("acme", DOCS.example("linkCommunityGroup")));
        assertEquals("120363000000000078@g.us", link.getLinkCommunityGroup().getGroup());
        assertEquals(COMMUNITY.toString(), link.getLinkCommunityGroup().getCommunity());
    }

    @Test
    void theResultsAndTheEventAreWhatTheBridgeWrites() throws Exception {
        Node group = Node.builder("group").attr("id", COMMUNITY.user()).attr("subject", "Neighbours")
                .attr("creation", AT).attr("creator", "15550009999@s.whatsapp.net").attr("size", 1)
                .attr("addressing_mode", "pn").children(
                        Node.builder("participant").attr("jid", "15550009999@s.whatsapp.net").attr("type", "superadmin")
                                .attr("lid", "90210000000009@lid").build(),
                        Node.builder("description").attr("id", "D1").child(Node.builder("body")
                                .bytes("Street 12-40".getBytes(StandardCharsets.UTF_8)).build()).build(),
                        Node.builder("parent").attr("default_membership_approval_mode", "request_required").build())
                .build();
        CommunityMetadata made = CommunityMetadata.parse(null, group);
        EventEnvelope.Builder result = DOCS.head("k-1").setCommandResult(CommandResult.newBuilder().setOk(CommandResult.Ok
                .newBuilder().setCommunity(CommunityContract.community(made, List.of(
                        new Communities.LinkedGroup(Jid.group("120363000000000079"), "Neighbours", true))))));
        DOCS.assertWritten("createCommunityResult", result);

        Node notification = Node.builder("notification").attr("type", "w:gp2").attr("from", COMMUNITY).attr("id", "n1")
                .attr("t", AT).attr("participant", "15550009999@s.whatsapp.net")
                .child(Node.builder("link").attr("link_type", "sub_group").child(Node.builder("group")
                        .attr("jid", "120363000000000078@g.us").attr("subject", "Garden").build()).build()).build();
        List<ClientEvent.GroupUpdate> updates = GroupNotifications.parse(notification);
        EventEnvelope.Builder linked = DOCS.head(null);
        assertTrue(InboundEvents.map(updates.getFirst(), linked));
        DOCS.assertWritten("linked", linked);

        EventEnvelope.Builder refused = DOCS.head("k-2").setCommandResult(CommandResults.failure(new CommunityException(
                CommunityException.Reason.NOT_COMMUNITY_ADMIN, 401, "not-authorized", null)));
        DOCS.assertWritten("notCommunityAdmin", refused);
    }
}
