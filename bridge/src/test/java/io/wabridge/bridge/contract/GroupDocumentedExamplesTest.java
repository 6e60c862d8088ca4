package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.group.GroupContract;
import io.wabridge.bridge.session.InboundEvents;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.group.GroupMetadata;
import io.wabridge.client.group.GroupNotifications;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.UpdateGroupParticipants;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's group examples ("Groups in the contract", each after a {@code <!-- group-example:NAME -->} marker):
 * the commands are accepted (and made canonical), the results and the event are byte for byte what the bridge
 * writes for the WhatsApp answers they stand for.
 */
class GroupDocumentedExamplesTest {
    private static final DocumentedEvents DOCS = new DocumentedEvents("group");

    @Test
    void theCommandExamplesAreAcceptedAndMadeCanonical() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope create = decoder.decode(Records.json("acme", DOCS.example("createGroup")));
        assertEquals(List.of("15550002222@s.whatsapp.net", "15550003333@s.whatsapp.net"),
                create.getCreateGroup().getParticipantsList());
        CommandEnvelope add = decoder.decode(Records.json("acme", DOCS.example("updateGroupParticipants")));
        assertEquals("120363012345678901@g.us", add.getUpdateGroupParticipants().getGroup());
        assertEquals(UpdateGroupParticipants.Action.ADD, add.getUpdateGroupParticipants().getAction());
        CommandEnvelope settings = decoder.decode(Records.json("acme", DOCS.example("setGroupSettings")));
        assertTrue(settings.getSetGroupSettings().getAnnouncement());
        assertEquals(604800, settings.getSetGroupSettings().getEphemeralSeconds());
        assertTrue(!settings.getSetGroupSettings().hasLocked(), "unset settings stay unset");
        decoder.decode(Records.json("acme", DOCS.example("joinGroup")));
        // and what is refused before WhatsApp is asked
        for (String bad : List.of("{\"createGroup\":{\"participants\":[\"15550002222\"]}}",
                "{\"updateGroupParticipants\":{\"group\":\"120363012345678901\",\"participants\":[\"15550002222\"]}}",
                "{\"setGroupSettings\":{\"group\":\"120363012345678901\"}}",
                "{\"getGroupMetadata\":{}}")) {
            assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                    () -> decoder.decode(Records.json("acme", bad)), bad).code(), bad);
        }
        assertEquals(ErrorCode.INVALID_JID, assertThrows(InvalidCommandException.class, () -> decoder.decode(
                Records.json("acme", "{\"leaveGroup\":{\"group\":\"15550002222@s.whatsapp.net\"}}"))).code());
        assertEquals(ErrorCode.TEXT_TOO_LONG, assertThrows(InvalidCommandException.class, () -> decoder.decode(
                Records.json("acme", "{\"setGroupSubject\":{\"group\":\"1203630\",\"subject\":\"" + "x".repeat(101)
                        + "\"}}"))).code());
    }

    @Test
    void theCreateResultIsWhatTheBridgeWritesForWhatsAppsAnswer() throws Exception {
        Node answer = Node.builder("group").attr("id", "120363012345678901").attr("subject", "Support")
                .attr("creation", 1764000000).attr("creator", "15550009999@s.whatsapp.net").attr("size", 2)
                .attr("addressing_mode", "pn")
                .children(Node.builder("participant").attr("jid", "15550009999@s.whatsapp.net").attr("type", "superadmin")
                                .attr("lid", "90210000000009@lid").build(),
                        Node.builder("participant").attr("jid", "15550002222@s.whatsapp.net")
                                .attr("lid", "90210123456789@lid").build()).build();
        EventEnvelope.Builder event = DOCS.head("g-1");
        event.setCommandResult(CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder()
                .setGroup(GroupContract.metadata(GroupMetadata.parse(null, answer)))));
        DOCS.assertWritten("createGroupResult", event);
    }

    @Test
    void theParticipantResultsAreWhatTheBridgeWrites() throws Exception {
        EventEnvelope.Builder event = DOCS.head("g-2");
        CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
        ok.addParticipants(GroupContract.participantResult(new GroupAdmin.ParticipantResult(
                Jid.pn("15550004444"), 200, null, null)));
        ok.addParticipants(GroupContract.participantResult(new GroupAdmin.ParticipantResult(
                Jid.pn("15550005555"), 403, "AbCdEfGh12", Instant.ofEpochSecond(1764600000))));
        event.setCommandResult(CommandResult.newBuilder().setOk(ok));
        DOCS.assertWritten("participantsResult", event);
    }

    @Test
    void theGroupUpdateIsWhatTheBridgeWritesForAw_gp2Notification() throws Exception {
        Node notification = Node.builder("notification").attr("type", "w:gp2").attr("from", "120363012345678901@g.us")
                .attr("id", "2918457").attr("t", 1764000000).attr("participant", "15550009999@s.whatsapp.net")
                .child(Node.builder("remove").child(Node.builder("participant").attr("jid", "15550002222@s.whatsapp.net")
                        .attr("lid", "90210123456789@lid").build()).build()).build();
        ClientEvent.GroupUpdate update = GroupNotifications.parse(notification).getFirst();
        EventEnvelope.Builder event = DOCS.head(null);
        assertTrue(InboundEvents.map(update, event));
        DOCS.assertWritten("groupUpdate", event);
    }
}
