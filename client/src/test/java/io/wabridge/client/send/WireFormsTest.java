package io.wabridge.client.send;

import io.wabridge.client.binary.BigEndian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.auth.ClientPayloadFactory;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.DeviceKeyBundle;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.proto.wa.FutureProofMessage;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.MessageKey;
import io.wabridge.proto.wa.PollCreationMessage;
import io.wabridge.proto.wa.ProtocolMessage;
import io.wabridge.proto.wa.ReactionMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stanza attributes, participant hashes and key bundle nodes, checked against their definitions. */
class WireFormsTest {

    @Test
    void participantHashIsSha256OfTheSortedUserAgentDeviceFormsFirstSixBytes() throws Exception {
        List<Jid> devices = List.of(Jid.parse("2:3@s.whatsapp.net"), Jid.pn("1"), Jid.parse("5@lid"));
        String expected = "1.0:0@s.whatsapp.net" + "2.0:3@s.whatsapp.net" + "5.0:0@lid";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(expected.getBytes(StandardCharsets.UTF_8));
        byte[] six = java.util.Arrays.copyOf(digest, 6);
        assertEquals("2:" + Base64.getEncoder().encodeToString(six), ParticipantHash.of(devices));
        assertEquals(ParticipantHash.of(devices), ParticipantHash.of(List.of(devices.get(2), devices.get(0), devices.get(1))));
        assertEquals(10, ParticipantHash.of(devices).length());
    }

    @Test
    void stanzaTypeAndEditFollowTheContent() {
        Message text = Message.newBuilder().setConversation("x").build();
        MessageKey mine = MessageKey.newBuilder().setId("A").setFromMe(true).build();
        MessageKey theirs = MessageKey.newBuilder().setId("A").setFromMe(false).build();
        Message reaction = Message.newBuilder().setReactionMessage(ReactionMessage.newBuilder().setKey(theirs).setText("x")).build();
        Message unreact = Message.newBuilder().setReactionMessage(ReactionMessage.newBuilder().setKey(theirs).setText("")).build();
        Message revoke = Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder().setKey(mine)
                .setType(ProtocolMessage.Type.REVOKE)).build();
        Message adminRevoke = Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder().setKey(theirs)
                .setType(ProtocolMessage.Type.REVOKE)).build();
        Message edit = Message.newBuilder().setEditedMessage(FutureProofMessage.newBuilder().setMessage(
                Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder().setKey(mine)
                        .setType(ProtocolMessage.Type.MESSAGE_EDIT).setEditedMessage(text)))).build();
        Message poll = Message.newBuilder().setPollCreationMessageV3(PollCreationMessage.newBuilder().setName("q")).build();
        Message ephemeralReaction = Message.newBuilder().setEphemeralMessage(FutureProofMessage.newBuilder().setMessage(reaction)).build();

        assertEquals("text", MessageTypes.stanzaType(text));
        assertNull(MessageTypes.editAttribute(text));
        assertEquals("reaction", MessageTypes.stanzaType(reaction));
        assertEquals("reaction", MessageTypes.stanzaType(ephemeralReaction));
        assertEquals("7", MessageTypes.editAttribute(unreact));
        assertEquals("7", MessageTypes.editAttribute(revoke));
        assertEquals("8", MessageTypes.editAttribute(adminRevoke));
        assertEquals("1", MessageTypes.editAttribute(edit));
        assertEquals("poll", MessageTypes.stanzaType(poll));
        assertTrue(MessageTypes.hideDecryptFailure(reaction));
        assertTrue(MessageTypes.hideDecryptFailure(edit));

        Node stanza = OutgoingStanzas.fanOut("ID", Jid.pn("2"), poll,
                List.of(new OutgoingStanzas.Part(Jid.pn("2"), new EncryptedMessage(CiphertextType.MSG, new byte[] {1}))),
                new byte[] {9});
        assertEquals("creation", stanza.child("meta").attr("polltype"));
        assertNull(stanza.child("device-identity"), "no pkmsg, no device identity");
    }

    @Test
    void keyBundleNodesParseWithOrWithoutAOneTimePreKeyAndRefuseBadLengths() throws Exception {
        byte[] identity = new byte[32];
        identity[0] = 1;
        Node user = Node.builder("user").attr("jid", "2@s.whatsapp.net").children(
                Node.builder("registration").bytes(BigEndian.bytes(4242, 4)).build(),
                Node.builder("type").bytes(new byte[] {5}).build(),
                Node.builder("identity").bytes(identity).build(),
                Node.builder("skey").children(
                        Node.builder("id").bytes(BigEndian.bytes(70000, 3)).build(),
                        Node.builder("value").bytes(new byte[32]).build(),
                        Node.builder("signature").bytes(new byte[64]).build()).build()).build();
        DeviceKeyBundle noPreKey = KeyBundleNodes.parse(user, 3);
        assertEquals(4242, noPreKey.registrationId());
        assertEquals(70000, noPreKey.signedPreKeyId());
        assertEquals(DeviceKeyBundle.NO_PRE_KEY, noPreKey.preKeyId());
        assertEquals(3, noPreKey.deviceId());
        assertArrayEquals(identity, noPreKey.identityKey());

        Node withKey = user.toBuilder().child(Node.builder("key").children(
                Node.builder("id").bytes(BigEndian.bytes(17, 3)).build(),
                Node.builder("value").bytes(new byte[32]).build()).build()).build();
        assertEquals(17, KeyBundleNodes.parse(withKey, 3).preKeyId());

        Node shortIdentity = Node.builder("user").children(user.child("registration"),
                Node.builder("identity").bytes(new byte[31]).build(), user.child("skey")).build();
        assertThrows(MalformedKeyBundleException.class, () -> KeyBundleNodes.parse(shortIdentity, 0));
        Node error = Node.builder("user").children(Node.builder("error").attr("code", "404").build()).build();
        assertThrows(MalformedKeyBundleException.class, () -> KeyBundleNodes.parse(error, 0));

        var results = PreKeyFetch.parse(Node.builder("iq").children(Node.builder("list").children(
                user.toBuilder().attr("jid", "2:3@s.whatsapp.net").build()).build()).build(),
                List.of(Jid.parse("2:3@s.whatsapp.net"), Jid.parse("2:4@s.whatsapp.net")));
        assertTrue(results.get(Jid.parse("2:3@s.whatsapp.net")).ok());
        assertEquals(3, results.get(Jid.parse("2:3@s.whatsapp.net")).bundle().deviceId());
        assertEquals("no keys in the server's answer", results.get(Jid.parse("2:4@s.whatsapp.net")).error());
    }
}
