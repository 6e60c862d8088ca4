package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.bridge.profile.ProfileCommands;
import io.wabridge.bridge.session.InboundEvents;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.profile.ProfileException;
import io.wabridge.client.profile.ProfileNotifications;
import io.wabridge.client.usync.ContactQuery;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's profile examples ("Profile and contacts in the contract", each after a
 * {@code <!-- profile-example:NAME -->} marker): the commands are accepted (and made canonical), the results and
 * the event are byte for byte what the bridge writes for the WhatsApp answers they stand for.
 */
class ProfileDocumentedExamplesTest {
    private static final DocumentedEvents DOCS = new DocumentedEvents("profile");

    @Test
    void theCommandExamplesAreAcceptedAndMadeCanonical() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        assertEquals("Acme Support", decoder.decode(Records.json("acme", DOCS.example("setPushName"))).getSetPushName().getName());
        decoder.decode(Records.json("acme", DOCS.example("setAbout")));
        CommandEnvelope picture = decoder.decode(Records.json("acme", DOCS.example("setProfilePicture")));
        assertEquals("120363012345678901@g.us", picture.getSetProfilePicture().getTarget());
        assertTrue(picture.getSetProfilePicture().getImage().size() > 0);
        assertEquals("15550002222@s.whatsapp.net",
                decoder.decode(Records.json("acme", DOCS.example("getProfilePicture"))).getGetProfilePicture().getJid());
        assertEquals("15550002222@s.whatsapp.net", decoder.decode(Records.json("acme", DOCS.example("getAbout"))).getGetAbout().getJid());
        assertEquals(List.of("+15550002222", "+4930123456"),
                decoder.decode(Records.json("acme", DOCS.example("checkOnWhatsapp"))).getCheckOnWhatsapp().getPhonesList());
        decoder.decode(Records.json("acme", DOCS.example("getBusinessProfile")));
        // and what is refused before WhatsApp is asked
        for (String bad : List.of("{\"setPushName\":{\"name\":\"  \"}}", "{\"setProfilePicture\":{}}",
                "{\"getAbout\":{}}", "{\"checkOnWhatsapp\":{}}")) {
            assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                    () -> decoder.decode(Records.json("acme", bad)), bad).code(), bad);
        }
        assertEquals(ErrorCode.TEXT_TOO_LONG, assertThrows(InvalidCommandException.class, () -> decoder.decode(
                Records.json("acme", "{\"setAbout\":{\"text\":\"" + "x".repeat(140) + "\"}}"))).code());
        assertEquals(ErrorCode.TEXT_TOO_LONG, assertThrows(InvalidCommandException.class, () -> decoder.decode(
                Records.json("acme", "{\"setPushName\":{\"name\":\"" + "x".repeat(26) + "\"}}"))).code());
        assertEquals(ErrorCode.INVALID_JID, assertThrows(InvalidCommandException.class, () -> decoder.decode(
                Records.json("acme", "{\"checkOnWhatsapp\":{\"phones\":[\"12\"]}}"))).code());
        assertEquals(ErrorCode.INVALID_JID, assertThrows(InvalidCommandException.class, () -> decoder.decode(
                Records.json("acme", "{\"removeProfilePicture\":{\"target\":\"15550002222@s.whatsapp.net\"}}"))).code());
    }

    @Test
    void theResultsAreWhatTheBridgeWrites() throws Exception {
        EventEnvelope.Builder event = DOCS.head("p-3");
        event.setCommandResult(CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder()
                .setPicture(io.wabridge.proto.v1.ProfilePicture.newBuilder().setJid("15550002222@s.whatsapp.net")
                        .setId("1764000123").setUrl("https://pps.whatsapp.net/v/t61.24694-24/1764000123.jpg")
                        .setDirectPath("/v/t61.24694-24/1764000123.jpg"))));
        DOCS.assertWritten("getProfilePictureResult", event);

        Node answer = Node.builder("iq").attr("type", "result").child(Node.builder("usync").child(Node.builder("list")
                .children(Node.builder("user").attr("jid", "15550002222@s.whatsapp.net").children(
                                Node.builder("contact").attr("type", "in").text("+15550002222").build(),
                                Node.builder("lid").attr("val", "90210123456789@lid").build()).build(),
                        Node.builder("user").attr("jid", "4930123456@s.whatsapp.net").children(
                                Node.builder("contact").attr("type", "out").text("+4930123456").build()).build())
                .build()).build()).build();
        CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
        for (ContactQuery.Registration r : ContactQuery.parseRegistrations(answer)) {
            ok.addOnWhatsapp(ProfileCommands.onWhatsApp(r));
        }
        EventEnvelope.Builder check = DOCS.head("p-6");
        check.setCommandResult(CommandResult.newBuilder().setOk(ok));
        DOCS.assertWritten("checkOnWhatsappResult", check);

        EventEnvelope.Builder refused = DOCS.head("p-5");
        refused.setCommandResult(CommandResults.failure(new ProfileException(ProfileException.Reason.NOT_AUTHORIZED, 401,
                "the privacy settings of 15550002222@s.whatsapp.net hide the about text", null)));
        DOCS.assertWritten("getAboutRefused", refused);
    }

    @Test
    void theProfileUpdateIsWhatTheBridgeWritesForAPictureNotification() throws Exception {
        Node notification = Node.builder("notification").attr("type", "picture").attr("from", "15550002222@s.whatsapp.net")
                .attr("id", "2918458").attr("t", 1764000000)
                .child(Node.builder("set").attr("jid", "15550002222@s.whatsapp.net").attr("id", "1764000124")
                        .attr("author", "15550002222@s.whatsapp.net").build()).build();
        EventEnvelope.Builder event = DOCS.head(null);
        assertTrue(InboundEvents.map(ProfileNotifications.parse(notification).getFirst(), event));
        DOCS.assertWritten("profileUpdate", event);
        assertEquals(io.wabridge.proto.v1.ProfileUpdate.Kind.PICTURE_SET, event.getProfileUpdate().getKind());
        // a child nobody knows surfaces whole
        Node odd = Node.builder("notification").attr("type", "picture").attr("from", "15550002222@s.whatsapp.net")
                .attr("t", 1764000000).child(Node.builder("request").attr("jid", "15550002222@s.whatsapp.net")
                        .attr("x", "1").build()).build();
        var unknown = ProfileCommands.update(ProfileNotifications.parse(odd).getFirst());
        assertEquals(io.wabridge.proto.v1.ProfileUpdate.Kind.UNKNOWN, unknown.getKind());
        assertEquals("request", unknown.getTag());
        assertEquals(List.of("jid", "x"), unknown.getAttributesList().stream().map(a -> a.getName()).toList());
        assertEquals("1", unknown.getAttributes(1).getValue());
        assertEquals(Jid.pn("15550002222").toString(), unknown.getJid());
    }
}
