package io.wabridge.client.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.LoopbackServer;
import io.wabridge.client.testing.TestPhone;
import io.wabridge.client.store.Credentials;
import io.wabridge.proto.wa.ADVSignedDeviceIdentity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QR pairing end to end against an in-memory server part, in virtual time. */
class QrPairingTest {
    private final ClientHarness h = new ClientHarness();

    @Test
    void pairDeviceIsAcknowledgedAndRefsRotateFirst60ThenEvery20SecondsThenCloseWithoutRetry() {
        h.client.connect();
        LoopbackServer.Connection c = h.server.last();
        assertTrue(c.payload().hasDevicePairingData(), "a new device registers");

        Node ack = c.received("iq").getFirst();
        assertEquals("result", ack.attr("type"));
        assertEquals("pd-1", ack.attr("id"), "the pair-device iq is acknowledged before anything else");

        List<ClientEvent.Qr> qrs = h.events(ClientEvent.Qr.class);
        assertEquals(1, qrs.size());
        TestPhone.Qr first = TestPhone.Qr.parse(qrs.getFirst().code());
        assertEquals("ref-1", first.ref());
        Credentials creds = h.credentials();
        assertArrayEquals(creds.noiseKey().publicKey(), first.noisePub());
        assertArrayEquals(creds.identityKey().publicKey(), first.identityPub());
        assertArrayEquals(creds.advSecret(), first.advSecret());
        assertEquals("1", first.platform(), "Chrome");
        assertEquals(h.time.instant().plusSeconds(60), qrs.getFirst().expiresAt());
        assertTrue(qrs.getFirst().link().startsWith("https://wa.me/settings/linked_devices#ref-1,"));

        h.time.advance(Duration.ofSeconds(59));
        assertEquals(1, h.events(ClientEvent.Qr.class).size(), "the first code lives 60 s");
        h.time.advance(Duration.ofSeconds(1));
        assertEquals(2, h.events(ClientEvent.Qr.class).size());
        assertEquals("ref-2", TestPhone.Qr.parse(h.last(ClientEvent.Qr.class).code()).ref());
        assertEquals(h.time.instant().plusSeconds(20), h.last(ClientEvent.Qr.class).expiresAt());
        h.time.advance(Duration.ofSeconds(20));
        assertEquals("ref-3", TestPhone.Qr.parse(h.last(ClientEvent.Qr.class).code()).ref());
        assertTrue(h.events(ClientEvent.Close.class).isEmpty());

        h.time.advance(Duration.ofSeconds(20));
        ClientEvent.Close close = h.last(ClientEvent.Close.class);
        assertTrue(close.reason().startsWith("QR refs exhausted (408)"), close.reason());
        assertFalse(close.willReconnect());
        assertTrue(c.isClosed());
        assertEquals(WaClient.State.IDLE, h.client.state());
        h.time.advance(Duration.ofMinutes(10));
        assertEquals(1, h.server.attempts(), "no reconnect after the refs ran out");
        assertFalse(h.credentials().registered());
    }

    @Test
    void anEmptyRefListIsAClearErrorNotACrash() {
        h.refs = List.of();
        h.client.connect();
        ClientEvent.Close close = h.last(ClientEvent.Close.class);
        assertTrue(close.reason().contains("no QR refs"), close.reason());
        assertFalse(close.willReconnect());
        assertTrue(h.events(ClientEvent.Qr.class).isEmpty());
        assertEquals(WaClient.State.IDLE, h.client.state());
    }

    @Test
    void aVerifiedPairSuccessIsStoredAnsweredThenTheClientLogsInAfter515() {
        h.client.connect();
        TestPhone.Qr qr = TestPhone.Qr.parse(h.last(ClientEvent.Qr.class).code());
        LoopbackServer.Connection pairing = h.server.last();
        pairing.send(h.phone.pairSuccess("ps-1", qr));

        Node answer = pairing.received().getLast();
        assertEquals("result", answer.attr("type"));
        assertEquals("ps-1", answer.attr("id"));
        Node deviceIdentity = answer.child("pair-device-sign").child("device-identity");
        assertEquals(Integer.toString(TestPhone.KEY_INDEX), deviceIdentity.attr("key-index"));
        ADVSignedDeviceIdentity signed = parse(deviceIdentity.bytes());
        assertFalse(signed.hasAccountSignatureKey(), "the answer leaves the account key out");
        byte[] message = TestPhone.concat(new byte[] {6, 1}, signed.getDetails().toByteArray(), qr.identityPub(),
                h.phone.account.publicKey());
        assertTrue(XEdDsa.verify(qr.identityPub(), message, signed.getDeviceSignature().toByteArray()),
                "device signature by our identity key over 06 01 || details || identity || account key");

        ClientEvent.Paired paired = h.last(ClientEvent.Paired.class);
        assertEquals(TestPhone.ME, paired.me());
        assertEquals(TestPhone.LID, paired.lid());
        assertEquals("android", paired.platform());
        Credentials stored = h.credentials();
        assertTrue(stored.registered());
        assertEquals(TestPhone.ME, stored.me());
        assertEquals(TestPhone.LID, stored.lid());
        assertTrue(parse(stored.account()).hasAccountSignatureKey(), "we keep the account key for later stanzas");
        assertTrue(h.store.identities().load(new io.wabridge.client.store.SignalAddress("99887766554433_1", 0)).isPresent(),
                "the primary's identity is known");

        pairing.sendAndDrop(ClientHarness.streamError("515", null), "restart");
        assertEquals(2, h.server.attempts(), "515 reconnects at once, no backoff");
        LoopbackServer.Connection login = h.server.last();
        assertFalse(login.payload().hasDevicePairingData());
        assertEquals(15550001111L, login.payload().getUsername());
        assertEquals(7, login.payload().getDevice());
        ClientEvent.Open open = h.last(ClientEvent.Open.class);
        assertEquals(TestPhone.ME, open.me());
        assertEquals(WaClient.State.OPEN, h.client.state());
        ClientEvent.Close restart = h.events(ClientEvent.Close.class).getFirst();
        assertTrue(restart.willReconnect());
        assertEquals(Duration.ZERO, restart.reconnectDelay());
    }

    @Test
    void aForgedAccountSignatureIsRejectedAndNothingIsRegistered() {
        h.client.connect();
        TestPhone.Qr qr = TestPhone.Qr.parse(h.last(ClientEvent.Qr.class).code());
        // Signed by a key that is not the account key it names: a server linking us without the phone.
        byte[] forged = h.phone.signedIdentity(qr.identityPub(), X25519.generateKeyPair(), new byte[] {6, 0});
        assertRefused(TestPhone.pairSuccess("ps-1", TestPhone.hmacWrapped(forged, qr.advSecret()), true),
                "401", "signature-mismatch");
    }

    @Test
    void aSignatureOverTheWrongPrefixIsRejected() {
        h.client.connect();
        TestPhone.Qr qr = TestPhone.Qr.parse(h.last(ClientEvent.Qr.class).code());
        byte[] wrongPrefix = h.phone.signedIdentity(qr.identityPub(), h.phone.account, new byte[] {6, 1});
        assertRefused(TestPhone.pairSuccess("ps-1", TestPhone.hmacWrapped(wrongPrefix, qr.advSecret()), true),
                "401", "signature-mismatch");
    }

    @Test
    void aBadHmacIsRejected() {
        h.client.connect();
        TestPhone.Qr qr = TestPhone.Qr.parse(h.last(ClientEvent.Qr.class).code());
        byte[] otherSecret = new byte[32];
        assertRefused(TestPhone.pairSuccess("ps-1",
                TestPhone.hmacWrapped(h.phone.validIdentity(qr.identityPub()), otherSecret), true), "401", "hmac-mismatch");
    }

    @Test
    void missingChildrenAreRejected() {
        h.client.connect();
        TestPhone.Qr qr = TestPhone.Qr.parse(h.last(ClientEvent.Qr.class).code());
        assertRefused(TestPhone.pairSuccess("ps-1", TestPhone.hmacWrapped(h.phone.validIdentity(qr.identityPub()),
                qr.advSecret()), false), "400", "bad-request");
    }

    @Test
    void missingDeviceIdentityAndGarbageAreRejected() {
        h.client.connect();
        assertRefused(TestPhone.pairSuccess("ps-1", null, true), "400", "bad-request");

        ClientHarness again = new ClientHarness();
        again.client.connect();
        again.server.last().send(TestPhone.pairSuccess("ps-2", new byte[] {(byte) 0xFF, 1, 2}, true));
        assertTrue(again.last(ClientEvent.PairingFailed.class).reason().contains("pair-success refused"));
        assertFalse(again.credentials().registered());
    }

    private void assertRefused(Node pairSuccess, String code, String text) {
        Credentials before = h.credentials();
        LoopbackServer.Connection c = h.server.last();
        c.send(pairSuccess);
        Node answer = c.received().getLast();
        assertEquals("error", answer.attr("type"));
        assertEquals(code, answer.child("error").attr("code"));
        assertEquals(text, answer.child("error").attr("text"));
        ClientEvent.PairingFailed failed = h.last(ClientEvent.PairingFailed.class);
        assertNotNull(failed.reason());
        assertTrue(h.events(ClientEvent.Paired.class).isEmpty());
        assertFalse(h.last(ClientEvent.Close.class).willReconnect());
        Credentials after = h.credentials();
        assertEquals(before, after, "nothing stored");
        assertFalse(after.registered());
        assertNull(after.me());
        h.time.advance(Duration.ofMinutes(5));
        assertEquals(1, h.server.attempts());
    }

    private static ADVSignedDeviceIdentity parse(byte[] bytes) {
        try {
            return ADVSignedDeviceIdentity.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
