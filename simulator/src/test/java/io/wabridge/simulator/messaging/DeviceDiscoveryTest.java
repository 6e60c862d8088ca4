package io.wabridge.simulator.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.proto.wa.ADVKeyIndexList;
import io.wabridge.proto.wa.ADVSignedKeyIndexList;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.testing.LinkedCompanion;
import io.wabridge.simulator.testing.RawClient;
import io.wabridge.simulator.testing.SignalCompanion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a client asks before it sends: the usync device lists and the prekey bundles of each device. */
class DeviceDiscoveryTest {
    private WaSimulator simulator;
    private PhoneAccount me;
    private PhoneAccount peer;
    private LinkedDevice peerCompanion;
    private RawClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        me = simulator.accounts().create("15550001111");
        peer = simulator.accounts().create("15550002222");
        LinkedCompanion.link(peer); // device 1, removed below: ids are never reused
        peer.phone().removeDevice(1);
        peerCompanion = LinkedCompanion.link(peer).device();
        client = LinkedCompanion.link(me).login(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private Node usync(List<String> protocols, Node... users) throws Exception {
        List<Node> query = new ArrayList<>();
        for (String protocol : protocols) {
            query.add(protocol.equals("devices") ? Node.builder("devices").attr("version", "2").build() : Node.of(protocol));
        }
        return client.call(Node.builder("iq").attr("xmlns", "usync").attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.builder("usync").attr("sid", "sid-1").attr("context", "message").attr("mode", "query")
                        .attr("last", "true").attr("index", "0").children(
                                Node.builder("query").children(query).build(),
                                Node.builder("list").children(users).build()).build()).build());
    }

    private static Node user(Jid jid) {
        return Node.builder("user").attr("jid", jid).build();
    }

    private Node fetch(Jid... devices) throws Exception {
        List<Node> users = new ArrayList<>();
        for (Jid device : devices) {
            users.add(Node.builder("user").attr("jid", device).attr("reason", "identity").build());
        }
        return client.call(Node.builder("iq").attr("xmlns", "encrypt").attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.builder("key").children(users).build()).build());
    }

    @Test
    void usyncListsThePhoneAndEachCompanionWithItsSignedKeyIndex() throws Exception {
        Node result = usync(List.of("devices", "lid"), user(peer.jid()), user(me.jid()));
        Node usync = result.child("usync");
        assertEquals("sid-1", usync.attr("sid"));
        assertEquals("true", usync.attr("last"));
        assertNotNull(usync.child("result").child("devices"), "per-protocol result entries");
        List<Node> users = usync.child("list").children("user");
        assertEquals(2, users.size());

        Node peerUser = users.getFirst();
        assertEquals(peer.jid(), peerUser.requireJidAttr("jid"));
        List<Node> devices = peerUser.child("devices").child("device-list").children("device");
        assertEquals(2, devices.size(), "the phone and the one companion still linked");
        assertEquals("0", devices.get(0).attr("id"));
        assertNull(devices.get(0).attr("key-index"), "the phone has no key index");
        assertEquals(Integer.toString(peerCompanion.id()), devices.get(1).attr("id"));
        assertEquals(Integer.toString(peerCompanion.keyIndex()), devices.get(1).attr("key-index"));
        assertEquals(peer.lidJid(), peerUser.child("lid").requireJidAttr("val"));

        Node keyIndexList = peerUser.child("devices").child("key-index-list");
        ADVSignedKeyIndexList signed = ADVSignedKeyIndexList.parseFrom(keyIndexList.bytes());
        ADVKeyIndexList details = ADVKeyIndexList.parseFrom(signed.getDetails());
        assertEquals(peer.advRawId(), details.getRawId());
        assertEquals(List.of(peerCompanion.keyIndex()), details.getValidIndexesList(), "the removed device's index is gone");
        assertEquals(peerCompanion.keyIndex(), details.getCurrentIndex());
        assertEquals(Long.parseLong(keyIndexList.attr("ts")), details.getTimestamp());
        byte[] message = new byte[2 + signed.getDetails().size()];
        message[0] = 6;
        message[1] = 2;
        signed.getDetails().copyTo(message, 2);
        assertTrue(XEdDsa.verify(peer.accountPublicKey(), message, signed.getAccountSignature().toByteArray()),
                "signed by the account key over 06 02 || details");

        List<Node> ownDevices = users.get(1).child("devices").child("device-list").children("device");
        assertEquals(List.of("0", "1"), ownDevices.stream().map(d -> d.attr("id")).toList(),
                "own account: the phone and this companion");
    }

    @Test
    void usersWithoutAnAccountHaveNoDevicesAndContactQueriesSayOut() throws Exception {
        Jid nobody = Jid.pn("15559999999");
        Node result = usync(List.of("devices", "contact"), user(nobody),
                Node.builder("user").children(Node.builder("contact").text("+" + peer.phoneNumber()).build()).build());
        List<Node> users = result.child("usync").child("list").children("user");
        assertNull(users.get(0).child("devices"));
        assertEquals("out", users.get(0).child("contact").attr("type"));
        assertEquals(peer.jid(), users.get(1).requireJidAttr("jid"), "a contact entry is answered with its JID");
        assertEquals("in", users.get(1).child("contact").attr("type"));
        assertNotNull(users.get(1).child("devices"));
    }

    @Test
    void aUserNamedByLidIsFound() throws Exception {
        Node result = usync(List.of("devices"), user(peer.lidJid()));
        Node user = result.child("usync").child("list").child("user");
        assertEquals(peer.lidJid(), user.requireJidAttr("jid"));
        assertEquals(2, user.child("devices").child("device-list").children("device").size());
    }

    @Test
    void aUsyncWithoutQueryOrListIsABadRequest() {
        IqErrorException e = assertThrows(IqErrorException.class, () -> client.call(Node.builder("iq")
                .attr("xmlns", "usync").attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.builder("usync").children(Node.of("query")).build()).build()));
        assertEquals(400, e.code());
    }

    @Test
    void theBundleOfAPhoneIsItsAccountKeyAndAVerifiedSignedPreKey() throws Exception {
        Node user = fetch(peer.jid()).child("list").child("user");
        assertEquals(peer.jid(), user.requireJidAttr("jid"));
        assertEquals(4, user.child("registration").bytes().length);
        assertArrayEquals(new byte[] {5}, user.child("type").bytes());
        assertArrayEquals(peer.accountPublicKey(), user.child("identity").bytes());
        Node skey = user.child("skey");
        assertEquals(3, skey.child("id").bytes().length);
        assertTrue(XEdDsa.verify(peer.accountPublicKey(), XEdDsa.withTypePrefix(skey.child("value").bytes()),
                skey.child("signature").bytes()));
        assertEquals(32, user.child("key").child("value").bytes().length);
    }

    @Test
    void eachOneTimePreKeyIsHandedOutOnceThenBundlesCarryOnlyTheSignedPreKey() throws Exception {
        SignalCompanion other = SignalCompanion.link(peer, 6);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Node user = fetch(other.jid()).child("list").child("user");
            assertEquals(other.jid(), user.requireJidAttr("jid"));
            assertTrue(ids.add(java.util.HexFormat.of().formatHex(user.child("key").child("id").bytes())),
                    "a one-time prekey handed out twice");
        }
        Node exhausted = fetch(other.jid()).child("list").child("user");
        assertNull(exhausted.child("key"), "no one-time prekeys left");
        assertNotNull(exhausted.child("skey"));
        assertEquals(0, peer.preKeyCount(other.linked.device().id()));
    }

    @Test
    void theOwnerIsToldWhenItsPreKeysRunLow() throws Exception {
        SignalCompanion owner = SignalCompanion.link(me, 6);
        RawClient ownerClient = owner.login(simulator);
        assertEquals("ib", ownerClient.next().tag());
        fetch(owner.jid());
        assertNull(ownerClient.poll(java.time.Duration.ofMillis(200)), "5 left is not low yet");
        fetch(owner.jid());
        Node notification = ownerClient.next();
        assertEquals("notification", notification.tag());
        assertEquals("encrypt", notification.attr("type"));
        assertEquals("4", notification.child("count").attr("value"));
    }

    @Test
    void severalDevicesInOneFetchAndUnknownDevicesGetAnError() throws Exception {
        Jid unknown = peer.deviceJid(77);
        List<Node> users = fetch(peer.jid(), peer.lidJid().withDevice(0), unknown).child("list").children("user");
        assertEquals(3, users.size());
        assertNotNull(users.get(0).child("identity"));
        assertEquals(peer.lidJid(), users.get(1).requireJidAttr("jid"), "answered as asked, by LID");
        assertArrayEquals(users.get(0).child("identity").bytes(), users.get(1).child("identity").bytes());
        assertNotEquals(java.util.HexFormat.of().formatHex(users.get(0).child("key").child("id").bytes()),
                java.util.HexFormat.of().formatHex(users.get(1).child("key").child("id").bytes()));
        assertEquals(unknown, users.get(2).requireJidAttr("jid"));
        assertEquals("404", users.get(2).child("error").attr("code"));
        assertNull(users.get(2).child("identity"));
    }

    @Test
    void anEmptyFetchIsABadRequest() {
        IqErrorException e = assertThrows(IqErrorException.class, () -> client.call(Node.builder("iq")
                .attr("xmlns", "encrypt").attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.of("key")).build()));
        assertEquals(400, e.code());
    }
}
