package io.wabridge.client.messaging;

import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static io.wabridge.client.messaging.MessagingFixture.CLIENT;
import static io.wabridge.client.messaging.MessagingFixture.ME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.send.ParticipantHash;
import io.wabridge.client.send.SendResult;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.SignalParty;
import io.wabridge.client.signal.group.GroupCipher;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.proto.wa.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sending to a group through a real WaClient; the members decrypt with their own group ciphers. */
class GroupSendTest {

    static final Jid GROUP = Jid.parse("120363040000000002@g.us");

    private final MessagingFixture f = new MessagingFixture().login();
    private final Map<SignalParty, GroupCipher> memberCiphers = new HashMap<>();
    private List<Jid> members = new ArrayList<>(List.of(ME, BOB));
    private int metadataQueries;

    GroupSendTest() {
        f.connection().router().on(StanzaMatcher.iq("get", "w:g2"), iq -> {
            metadataQueries++;
            var group = Node.builder("group").attr("id", GROUP.user()).attr("subject", "Team")
                    .attr("addressing_mode", "pn");
            for (Jid m : members) {
                group.child(Node.builder("participant").attr("jid", m)
                        .attr("type", m.equals(ME) ? "superadmin" : null).build());
            }
            f.connection().send(ClientHarness.result(iq).toBuilder().children(group.build()).build());
        });
    }

    private GroupCipher cipherOf(SignalParty member) {
        return memberCiphers.computeIfAbsent(member, m -> new GroupCipher(m.stores.senderKeys()));
    }

    /** What one member reads from a group stanza: its pairwise part (if any) first, then the skmsg. */
    private String read(SignalParty member, Node stanza) throws Exception {
        Node participants = stanza.child("participants");
        if (participants != null) {
            for (Node to : participants.children("to")) {
                if (Jid.parse(to.attr("jid")).equals(member.jid)) {
                    Message skdm = MessagingFixture.decrypt(member, to.child("enc"));
                    assertEquals(GROUP.toString(), skdm.getSenderKeyDistributionMessage().getGroupId());
                    cipherOf(member).processDistribution(senderKey(), skdm.getSenderKeyDistributionMessage()
                            .getAxolotlSenderKeyDistributionMessage().toByteArray());
                }
            }
        }
        Node skmsg = stanza.children("enc").getLast();
        assertEquals("skmsg", skmsg.attr("type"));
        return MessagePlaintext.decode(cipherOf(member).decrypt(senderKey(), skmsg.bytes())).getConversation();
    }

    private static SenderKeyName senderKey() {
        return new SenderKeyName(GROUP.toString(), SignalAddresses.of(CLIENT));
    }

    private static Set<String> participants(Node stanza) {
        Node p = stanza.child("participants");
        return p == null ? Set.of() : p.children("to").stream().map(n -> n.attr("jid")).collect(Collectors.toSet());
    }

    private Node send(String text) throws Exception {
        SendResult r = f.h.client.sendMessage(GROUP, new Text(text), null).get();
        Node stanza = f.sent("message").getLast();
        assertEquals(r.messageId(), stanza.attr("id"));
        return stanza;
    }

    @Test
    void theFirstSendDistributesOurKeyToEveryMemberDeviceAndLaterSendsAreOneSkmsg() throws Exception {
        Node first = send("hello team");
        assertEquals(GROUP.toString(), first.attr("to"));
        assertNull(first.attr("addressing_mode"), "a PN group");
        assertEquals(Set.of(f.bob0.jid.toString(), f.bob3.jid.toString(), f.ownPhone.jid.toString()),
                participants(first), "every listed, keyed device but our own");
        assertNotNull(first.child("device-identity"), "new sessions: pkmsg parts");
        assertEquals(ParticipantHash.of(List.of(f.bob0.jid, f.bob3.jid, f.ownPhone.jid, CLIENT)), first.attr("phash"));
        for (SignalParty member : List.of(f.bob0, f.bob3, f.ownPhone)) {
            assertEquals("hello team", read(member, first));
        }

        Node second = send("second");
        assertNull(second.child("participants"), "everyone holds our key: " + second);
        assertNull(second.child("device-identity"));
        for (SignalParty member : List.of(f.bob0, f.bob3, f.ownPhone)) {
            assertEquals("second", read(member, second));
        }
        assertEquals(1, metadataQueries, "metadata cached");
        assertEquals(1, f.server.usyncQueries, "devices cached with the group");
        assertTrue(f.h.store.senderKeys().load(senderKey()).isPresent(), "our key was flushed before sending");
    }

    @Test
    void aMemberRemovedRotatesOurKeySoTheRemovedOneCannotReadTheNextMessage() throws Exception {
        Node first = send("before");
        for (SignalParty member : List.of(f.bob0, f.bob3, f.ownPhone)) {
            read(member, first);
        }
        members = new ArrayList<>(List.of(ME));
        f.connection().send(Node.builder("notification").attr("type", "w:gp2").attr("from", GROUP)
                .attr("id", "N1").attr("participant", ME).children(Node.builder("remove")
                        .children(Node.builder("participant").attr("jid", BOB).build()).build()).build());
        assertTrue(f.indexOf("ack", "N1", null) >= 0, "notification acked");

        Node after = send("after");
        assertEquals(Set.of(f.ownPhone.jid.toString()), participants(after), "a new key for the rest");
        assertEquals("after", read(f.ownPhone, after));
        SenderKeyException e = assertThrows(SenderKeyException.class, () -> read(f.bob0, after));
        assertEquals(SenderKeyException.Failure.UNKNOWN_KEY_ID, e.failure());
        assertEquals(2, metadataQueries, "the notification dropped the cached metadata");
    }

    @Test
    void aPhashMismatchInTheAckDropsTheGroupsDevicesAndMetadata() throws Exception {
        f.server.ackFor = m -> io.wabridge.client.testing.MessagingServer.ack(m).toBuilder()
                .attr("phash", "2:AAAAAAAA").build();
        send("one");
        f.server.ackFor = io.wabridge.client.testing.MessagingServer::ack;
        send("two");
        assertEquals(2, metadataQueries);
        assertEquals(2, f.server.usyncQueries);
    }

    @Test
    void aGroupWeAreNotInFailsWithoutSending() throws Exception {
        members = new ArrayList<>(List.of(BOB));
        int before = f.sent("message").size();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> f.h.client.sendMessage(GROUP, new Text("x"), null).get());
        assertTrue(e.getCause().getMessage().contains("not a participant"), e.getCause().getMessage());
        assertEquals(before, f.sent("message").size());
    }

    @Test
    void aDeviceNotificationOfAMemberResolvesTheGroupsDevicesAgain() throws Exception {
        send("one");
        f.connection().send(Node.builder("notification").attr("type", "devices").attr("from", BOB).attr("id", "D1")
                .children(Node.builder("add").children(Node.builder("device").attr("jid", BOB.withDevice(4)).build())
                        .build()).build());
        send("two");
        assertEquals(1, metadataQueries, "metadata still cached");
        assertEquals(2, f.server.usyncQueries, "devices asked again");
        assertNotEquals(0, f.sent("message").size());
    }

    @Test
    void aRetryReceiptInTheGroupIsAnsweredPairwiseWithOurKeyInsideAndTheDeviceGetsTheKeyAgainNextTime() throws Exception {
        Node first = send("lost on bob3");
        read(f.bob0, first);
        read(f.ownPhone, first);
        Node skdmForBob3 = first.child("participants").children("to").stream()
                .filter(t -> t.attr("jid").equals(f.bob3.jid.toString())).findFirst().orElseThrow();
        MessagingFixture.decrypt(f.bob3, skdmForBob3.child("enc")); // bob3's session goes on, its key store does not
        String id = first.attr("id");
        f.connection().send(Node.builder("receipt").attr("from", GROUP).attr("participant", f.bob3.jid)
                .attr("id", id).attr("type", "retry").attr("t", "1767225900")
                .child(Node.builder("retry").attr("count", 1).attr("id", id).attr("t", "1767225700").attr("v", "1").build())
                .child(Node.builder("registration").bytes(io.wabridge.client.binary.BigEndian.bytes(
                        f.bob3.credentials.registrationId(), 4)).build()).build());

        Node resend = f.sent("message").getLast();
        assertEquals(id, resend.attr("id"));
        assertEquals(GROUP.toString(), resend.attr("to"));
        assertEquals(f.bob3.jid.toString(), resend.attr("participant"));
        assertEquals("1", resend.child("enc").attr("count"));
        Message inside = MessagingFixture.decrypt(f.bob3, resend.child("enc"));
        assertEquals("lost on bob3", inside.getConversation());
        assertEquals(GROUP.toString(), inside.getSenderKeyDistributionMessage().getGroupId());

        Node next = send("next");
        assertEquals(Set.of(f.bob3.jid.toString()), participants(next), "only bob3 gets the key again");
    }

    @Test
    void aBigGroupIsEncryptedInStepsAndEveryDeviceGetsTheKeyOnce() throws Exception {
        List<SignalParty> extra = new ArrayList<>();
        for (int i = 0; i < 3 * io.wabridge.client.send.MessageSender.ENCRYPT_STEP + 5; i++) {
            Jid user = Jid.pn(String.format("1555300%04d", i));
            SignalParty party = SignalParty.create(f.peers, "extra" + i, user.withDevice(0));
            f.server.devices.put(user, List.of(io.wabridge.client.testing.MessagingServer.device(0)));
            f.server.bundles.put(party.jid, party.bundle(1));
            members.add(user);
            extra.add(party);
        }
        Node first = send("to everyone");
        assertEquals(extra.size() + 3, participants(first).size(), "every device across the steps");
        for (SignalParty member : extra) {
            assertEquals("to everyone", read(member, first));
        }
        assertEquals("to everyone", read(f.bob3, first));
        Node second = send("again");
        assertNull(second.child("participants"));
        assertEquals("again", read(extra.getLast(), second));
    }
}
