package io.wabridge.client.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.signal.store.PreKeyRecords;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.interop.Leniency;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.LoopbackServer;
import io.wabridge.client.testing.TestPhone;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The login sequence after pairing: success, prekey count and upload, active, offline marker, top-ups. */
class LoginTest {
    private final ClientHarness h = new ClientHarness();

    @Test
    void loginQueriesTheCountUploadsTheInitialBatchGoesActiveThenOpens() {
        h.pairAndLogin();
        LoopbackServer.Connection login = h.server.last();
        List<String> sequence = login.received("iq").stream()
                .filter(iq -> !"w:p".equals(iq.attr("xmlns")))
                .map(iq -> iq.attr("xmlns") + "/" + iq.attr("type") + "/" + iq.children().getFirst().tag()).toList();
        assertEquals(List.of("encrypt/get/count", "encrypt/set/registration", "passive/set/active"), sequence);
        assertEquals(1, h.uploads.size());
        assertEquals(812, h.uploads.getFirst().child("list").children().size(), "a new device uploads 812");
        ClientEvent.PreKeysUploaded uploaded = h.last(ClientEvent.PreKeysUploaded.class);
        assertEquals(1, uploaded.firstId());
        assertEquals(812, uploaded.lastId());
        assertEquals(0, uploaded.serverCountBefore());
        Credentials c = h.credentials();
        assertEquals(813, c.nextPreKeyId());
        assertEquals(813, c.firstUnuploadedPreKeyId());
        assertEquals(812, h.store.preKeys().count(), "uploaded keys stay stored until a peer consumes one");
        assertTrue(h.events.indexOf(uploaded) < h.events.indexOf(h.last(ClientEvent.Open.class)),
                "open only after the keys are up");
    }

    @Test
    void theUploadStanzaHasTheProtocolShape() {
        h.serverPreKeyCount = 3; // below 5: a normal batch of 50
        h.pairAndLogin();
        Node upload = h.uploads.getFirst();
        Credentials c = h.credentials();
        assertEquals("@s.whatsapp.net", upload.attr("to"));
        assertArrayEquals(ByteBuffer.allocate(4).putInt(c.registrationId()).array(), upload.child("registration").bytes());
        assertArrayEquals(new byte[] {5}, upload.child("type").bytes());
        assertArrayEquals(c.identityKey().publicKey(), upload.child("identity").bytes());
        List<Node> keys = upload.child("list").children();
        assertEquals(50, keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Node key = keys.get(i);
            assertEquals("key", key.tag());
            byte[] id = key.child("id").bytes();
            assertEquals(3, id.length, "ids are 3 bytes");
            int keyId = ((id[0] & 0xFF) << 16) | ((id[1] & 0xFF) << 8) | (id[2] & 0xFF);
            assertEquals(i + 1, keyId);
            byte[] value = key.child("value").bytes();
            assertEquals(32, value.length, "values are raw 32-byte keys");
            assertArrayEquals(PreKeyRecords.preKeyPublic(h.store.preKeys().load(keyId).orElseThrow()), value);
        }
        Node skey = upload.child("skey");
        assertArrayEquals(new byte[] {0, 0, 1}, skey.child("id").bytes());
        assertArrayEquals(c.signedPreKey().keyPair().publicKey(), skey.child("value").bytes());
        assertTrue(XEdDsa.verify(c.identityKey().publicKey(), XEdDsa.withTypePrefix(skey.child("value").bytes()),
                skey.child("signature").bytes()), "signed over the 0x05-prefixed key by our identity");
        assertEquals(3, h.last(ClientEvent.PreKeysUploaded.class).serverCountBefore());
    }

    @Test
    void enoughKeysOnTheServerMeansNoUploadAndALowCountNotificationTopsUpWhereTheLastBatchEnded() {
        h.serverPreKeyCount = 3;
        h.pairAndLogin();
        assertEquals(1, h.uploads.size());

        h.server.last().drop("network");
        h.time.advance(Duration.ofSeconds(1));
        assertEquals(WaClient.State.OPEN, h.client.state(), "reconnected");
        assertEquals(1, h.uploads.size(), "53 on the server: nothing to upload");

        LoopbackServer.Connection c = h.server.last();
        c.send(Node.builder("notification").attr("from", "s.whatsapp.net").attr("type", "encrypt").attr("id", "n-1")
                .children(Node.builder("count").attr("value", "2").build()).build());
        Node ack = c.received("ack").getLast();
        assertEquals("n-1", ack.attr("id"));
        assertEquals("notification", ack.attr("class"));
        assertEquals("encrypt", ack.attr("type"));
        assertEquals(2, h.uploads.size());
        Node firstKey = h.uploads.getLast().child("list").children().getFirst();
        assertArrayEquals(new byte[] {0, 0, 51}, firstKey.child("id").bytes(), "continues after the 50 uploaded");
        assertEquals(101, h.credentials().firstUnuploadedPreKeyId());
        assertEquals(100, h.store.preKeys().count(), "no one-time prekey is deleted here");
    }

    @Test
    void successWithoutLidOpensWithAWarningAndALaterSuccessTeachesTheLid() {
        h.successLid = null;
        h.client.connect();
        TestPhone.Qr qr = TestPhone.Qr.parse(h.last(ClientEvent.Qr.class).code());
        LoopbackServer.Connection pairing = h.server.last();
        // A pairing without a lid either, so nothing is stored to fall back on.
        pairing.send(TestPhone.pairSuccess("ps-1", TestPhone.hmacWrapped(h.phone.validIdentity(qr.identityPub()),
                qr.advSecret()), true).toBuilder().build());
        Credentials stored = h.credentials();
        h.store.credentials().save(stored.toBuilder().lid(null).build(), h.store.credentials().load().orElseThrow().version());
        long before = h.runtime.leniencies().get(Leniency.LOGIN_WITHOUT_LID);
        pairing.sendAndDrop(ClientHarness.streamError("515", null), "restart");

        ClientEvent.Open open = h.last(ClientEvent.Open.class);
        assertNull(open.lid(), "opened without a LID");
        assertTrue(h.events(ClientEvent.Warning.class).stream().anyMatch(w -> w.message().contains("no lid")),
                h.events.toString());
        assertEquals(before + 1, h.runtime.leniencies().get(Leniency.LOGIN_WITHOUT_LID));
        assertNull(h.credentials().lid());

        // The next login's success carries the LID: it is stored and reported.
        h.successLid = TestPhone.LID;
        h.server.last().sendAndDrop(ClientHarness.streamError("515", null), "restart");
        assertEquals(TestPhone.LID, h.last(ClientEvent.Open.class).lid());
        assertEquals(TestPhone.LID, h.credentials().lid());
    }

    @Test
    void aSuccessLidThatIsNotALidIsIgnoredAndTheStoredOneKept() {
        h.pairAndLogin();
        String stored = h.credentials().lid();
        h.successLid = "15550001111@s.whatsapp.net";
        h.server.last().sendAndDrop(ClientHarness.streamError("515", null), "restart");
        ClientEvent.Open open = h.events(ClientEvent.Open.class).getLast();
        assertEquals(2, h.events(ClientEvent.Open.class).size());
        assertEquals(stored, open.lid());
        assertTrue(h.events(ClientEvent.Warning.class).stream().anyMatch(w -> w.message().contains("not an @lid")));
    }

    @Test
    void theOfflineMarkerIsReportedAndUnknownNotificationsAreAcked() {
        h.pairAndLogin();
        LoopbackServer.Connection c = h.server.last();
        c.send(Node.builder("ib").children(Node.builder("offline").attr("count", "7").build()).build());
        assertEquals(7, h.last(ClientEvent.OfflineSyncDone.class).count());
        c.send(Node.builder("ib").children(Node.builder("offline_preview").attr("count", "250").build()).build());
        Node batch = c.received("ib").getLast().child("offline_batch");
        assertEquals("100", batch.attr("count"), "an offline preview is answered by asking for the backlog in batches");
        c.send(Node.builder("notification").attr("from", "123@g.us").attr("type", "w:gp2").attr("id", "n-9").build());
        Node ack = c.received("ack").getLast();
        assertEquals("n-9", ack.attr("id"));
        assertEquals("123@g.us", ack.attr("to"));
        assertEquals("w:gp2", ack.attr("type"));
    }

    @Test
    void edgeRoutingIsStoredAndUsedOnTheNextConnection() {
        h.pairAndLogin();
        byte[] routing = {8, 8, 8, 1};
        h.server.last().send(Node.builder("ib").children(Node.builder("edge_routing").children(
                Node.builder("routing_info").bytes(routing).build()).build()).build());
        assertArrayEquals(routing, h.credentials().routingInfo());
        h.server.last().drop("network");
        h.time.advance(Duration.ofSeconds(1));
        assertArrayEquals(routing, h.server.last().request().transport().routingInfo());
    }

    @Test
    void theSignedPreKeyRotatesOnScheduleKeepingThePreviousOne() {
        // Hourly pings keep two simulated weeks cheap.
        ClientHarness h = new ClientHarness(io.wabridge.client.WaClientConfig.defaults().withKeepAlive(
                new io.wabridge.client.stanza.KeepAlive.Settings(Duration.ofHours(1), Duration.ofHours(1),
                        Duration.ofSeconds(10), Duration.ofHours(3))));
        h.serverPreKeyCount = 10;
        h.pairAndLogin();
        assertEquals(1, h.credentials().signedPreKey().id());
        h.time.advance(Duration.ofDays(7));
        Node rotate = h.server.last().received("iq").stream().filter(iq -> iq.child("rotate") != null).findFirst()
                .orElseThrow();
        Node skey = rotate.child("rotate").child("skey");
        assertArrayEquals(new byte[] {0, 0, 2}, skey.child("id").bytes());
        Credentials c = h.credentials();
        assertEquals(2, c.signedPreKey().id());
        assertArrayEquals(c.signedPreKey().keyPair().publicKey(), skey.child("value").bytes());
        assertEquals(2, h.last(ClientEvent.SignedPreKeyRotated.class).newId());
        assertTrue(h.store.signedPreKeys().contains(1), "the previous one is kept");
        h.time.advance(Duration.ofDays(7));
        assertEquals(3, h.credentials().signedPreKey().id());
        assertFalse(h.store.signedPreKeys().contains(1), "older ones go");
        assertTrue(h.store.signedPreKeys().contains(2));
        assertNotNull(h.store.signedPreKeys().load(3).orElse(null));
    }
}
