package io.wabridge.simulator.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.stanza.KeepAlive;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.testing.LinkedCompanion;
import io.wabridge.simulator.testing.RawClient;
import io.wabridge.simulator.testing.TestCompanion;
import io.wabridge.simulator.testing.Waits;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may log in, what a logged-in connection is told first, and what everyone else is told. */
class LoginTest {
    private WaSimulator simulator;
    private PhoneAccount account;
    private LinkedCompanion companion;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create("15550003333");
        companion = LinkedCompanion.link(account);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** Connects and returns the only stanza the server sends before closing. */
    private Node refused(io.wabridge.client.crypto.X25519KeyPair noiseKey, byte[] payload) throws Exception {
        RawClient client = RawClient.connect(simulator, noiseKey, payload);
        Node first = client.next();
        client.awaitClosed();
        assertTrue(account.connectedDevices().isEmpty(), "a refused connection is nobody's session");
        return first;
    }

    private static void assertFailure(int reason, Node stanza) {
        assertEquals("failure", stanza.tag(), stanza.toString());
        assertEquals(Integer.toString(reason), stanza.attr("reason"));
    }

    @Test
    void aLinkedDeviceWithItsNoiseKeyGetsSuccessWithItsLid() throws Exception {
        RawClient client = RawClient.connect(simulator, companion.keys().noiseKey,
                TestCompanion.loginPayload(account.phoneNumber(), companion.device().id(), true));
        Node success = client.next();
        assertEquals("success", success.tag());
        assertEquals(Jid.parse(account.lid() + ":" + companion.device().id() + "@lid"), success.jidAttr("lid"));
        long t = Long.parseLong(success.requireAttr("t"));
        assertTrue(Math.abs(t - System.currentTimeMillis() / 1000) < 60, "server time in seconds");
        assertEquals(account.createdAt().getEpochSecond(), Long.parseLong(success.requireAttr("creation")));
        assertTrue(account.session(companion.device().id()).isPresent());
        assertEquals("result", client.call(KeepAlive.pingStanza()).attr("type"), "pings are answered");
        client.close();
    }

    @Test
    void aPassiveLoginGetsItsOfflineBacklogOnceItGoesActive() throws Exception {
        RawClient client = companion.login(simulator, true, 3);
        assertNull(client.poll(Duration.ofMillis(300)), "nothing is pushed to a passive connection");
        Node result = client.call(Node.builder("iq").attr("xmlns", "passive").attr("type", "set").attr("to", Jid.SERVER)
                .children(Node.of("active")).build());
        assertEquals("result", result.attr("type"));
        Node offline = client.next();
        assertEquals("ib", offline.tag());
        assertEquals("0", offline.child("offline").attr("count"));
        client.call(Node.builder("iq").attr("xmlns", "passive").attr("type", "set").children(Node.of("active")).build());
        assertNull(client.poll(Duration.ofMillis(300)), "the backlog marker comes once per connection");
    }

    @Test
    void anActiveLoginGetsItsOfflineBacklogRightAfterSuccess() throws Exception {
        RawClient client = companion.login(simulator, false, 2);
        Node offline = client.next();
        assertEquals("ib", offline.tag());
        assertEquals("0", offline.child("offline").attr("count"));
    }

    @Test
    void unknownAccountsDevicesAndNoiseKeysAreRefusedWith401() throws Exception {
        assertFailure(401, refused(companion.keys().noiseKey,
                TestCompanion.loginPayload("15559999999", companion.device().id(), true)));
        assertFailure(401, refused(companion.keys().noiseKey,
                TestCompanion.loginPayload(account.phoneNumber(), companion.device().id() + 1, true)));
        assertFailure(401, refused(companion.keys().noiseKey,
                TestCompanion.loginPayload(account.phoneNumber(), 0, true)));
        assertFailure(401, refused(X25519.generateKeyPair(),
                TestCompanion.loginPayload(account.phoneNumber(), companion.device().id(), true)));
    }

    @Test
    void anUnlinkedDeviceCanNoLongerLogIn() throws Exception {
        account.phone().removeDevice(companion.device().id());
        assertFailure(401, refused(companion.keys().noiseKey,
                TestCompanion.loginPayload(account.phoneNumber(), companion.device().id(), true)));
    }

    @Test
    void aForcedFailureRefusesTheNextLoginOnly() throws Exception {
        account.failNextLogin(companion.device().id(), 405);
        assertFailure(405, refused(companion.keys().noiseKey,
                TestCompanion.loginPayload(account.phoneNumber(), companion.device().id(), true)));
        companion.login(simulator).close();
    }

    @Test
    void payloadsThatAreNeitherRegistrationNorLoginAreRefusedWith400() throws Exception {
        assertFailure(400, refused(X25519.generateKeyPair(), new byte[0]));
        assertFailure(400, refused(X25519.generateKeyPair(), new byte[] {(byte) 0xFF, 0x01, 0x02}));
    }

    @Test
    void registrationsWithBadKeysAreRefusedWith400() throws Exception {
        TestCompanion forger = new TestCompanion();
        byte[] badSignature = forger.registrationPayloadBuilder()
                .setDevicePairingData(forger.registrationPayloadBuilder().getDevicePairingData().toBuilder()
                        .setESkeySig(ByteString.copyFrom(new byte[64])))
                .build().toByteArray();
        assertFailure(400, refused(forger.noiseKey, badSignature));

        byte[] shortIdentity = forger.registrationPayloadBuilder()
                .setDevicePairingData(forger.registrationPayloadBuilder().getDevicePairingData().toBuilder()
                        .setEIdent(ByteString.copyFrom(new byte[31])))
                .build().toByteArray();
        assertFailure(400, refused(forger.noiseKey, shortIdentity));
        assertEquals(0, simulator.accounts().pairing().pending().size());
    }

    @Test
    void aSecondLoginOfTheSameDeviceReplacesTheFirst() throws Exception {
        RawClient first = companion.login(simulator);
        var firstSession = account.session(companion.device().id()).orElseThrow();
        assertEquals(0, account.replacedLogins());
        RawClient second = companion.login(simulator);
        assertEquals(1, account.replacedLogins(), "the takeover is counted");
        Node replaced = first.next();
        assertEquals("stream:error", replaced.tag());
        assertFalse(replaced.hasAttr("code"));
        assertEquals("replaced", replaced.child("conflict").attr("type"));
        first.awaitClosed();
        var current = account.session(companion.device().id()).orElseThrow();
        assertTrue(current != firstSession, "the newer connection is the device's session");
        assertEquals("result", second.call(KeepAlive.pingStanza()).attr("type"));
        second.close();
        second.awaitClosed();
        Waits.until(() -> account.session(companion.device().id()).isEmpty(), "a closed connection is forgotten");
        RawClient third = companion.login(simulator);
        assertEquals(1, account.replacedLogins(), "a login after the previous connection closed replaces nothing");
        third.close();
    }

    @Test
    void requestsNobodyHandlesAreAnswered501AndTheConnectionStays() throws Exception {
        RawClient client = companion.login(simulator);
        IqErrorException error = assertThrows(IqErrorException.class, () -> client.call(Node.builder("iq")
                .attr("xmlns", "w:stats").attr("type", "set").attr("to", Jid.SERVER)
                .children(Node.of("add")).build())); // a namespace the simulator does not serve
        assertEquals(501, error.code());
        assertEquals("feature-not-implemented", error.text());
        client.send(Node.builder("ack").attr("id", "x").attr("class", "notification").build()); // no answer expected
        assertEquals("result", client.call(KeepAlive.pingStanza()).attr("type"));
        assertNull(client.poll(Duration.ofMillis(200)), "nothing answers a non-request");
    }
}
