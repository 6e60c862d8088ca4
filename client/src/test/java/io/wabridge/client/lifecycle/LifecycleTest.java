package io.wabridge.client.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.auth.ClientVersion;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.interop.Leniency;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.LoopbackServer;
import io.wabridge.client.testing.TestPhone;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each way a connection ends, and what the client does about it, in virtual time (no sleeps). */
class LifecycleTest {
    private final ClientHarness h = new ClientHarness();

    private ClientHarness loggedIn() {
        h.serverPreKeyCount = 50;
        h.pairAndLogin();
        assertEquals(WaClient.State.OPEN, h.client.state());
        return h;
    }

    @Test
    void restart515ReconnectsAtOnceAndKeepsEverything() {
        loggedIn();
        int before = h.server.attempts();
        var creds = h.credentials();
        h.server.last().sendAndDrop(ClientHarness.streamError("515", null), "restart");
        assertEquals(before + 1, h.server.attempts(), "no waiting");
        assertEquals(WaClient.State.OPEN, h.client.state());
        assertEquals(creds.me(), h.credentials().me());
        assertEquals("515", h.last(ClientEvent.StreamError.class).code());
    }

    @Test
    void deviceRemovedWipesReportsLoggedOutAndStops() {
        loggedIn();
        int before = h.server.attempts();
        h.server.last().send(ClientHarness.streamError("401", "device_removed"));
        ClientEvent.LoggedOut out = h.last(ClientEvent.LoggedOut.class);
        assertTrue(out.reason().contains("logged out"), out.reason());
        assertNull(h.credentials(), "credentials wiped");
        assertEquals(0, h.store.preKeys().count(), "prekeys wiped");
        assertFalse(h.last(ClientEvent.Close.class).willReconnect());
        assertEquals(WaClient.State.IDLE, h.client.state());
        h.time.advance(Duration.ofMinutes(10));
        assertEquals(before, h.server.attempts(), "no reconnect");
    }

    @Test
    void aLoginFailure401AlsoLogsOut() {
        loggedIn();
        h.server.last().send(Node.builder("failure").attr("reason", "401").build());
        assertNotNull(h.last(ClientEvent.LoggedOut.class));
        assertNull(h.credentials());
    }

    @Test
    void replacedStopsWithoutFightingAndKeepsTheDevice() {
        loggedIn();
        int before = h.server.attempts();
        h.server.last().send(ClientHarness.streamError(null, "replaced"));
        ClientEvent.Close close = h.last(ClientEvent.Close.class);
        assertTrue(close.reason().startsWith("replaced"), close.reason());
        assertFalse(close.willReconnect());
        assertEquals("conflict type=replaced", h.last(ClientEvent.StreamError.class).detail());
        assertTrue(h.credentials().registered());
        assertTrue(h.events(ClientEvent.LoggedOut.class).isEmpty());
        h.time.advance(Duration.ofMinutes(10));
        assertEquals(before, h.server.attempts());
    }

    @Test
    void clientTooOldNamesTheConfiguredVersionAndStops() {
        ClientHarness old = new ClientHarness(WaClientConfig.defaults().withProfile(
                io.wabridge.client.auth.ClientProfile.defaults().withVersion(ClientVersion.parse("2.2400.7"))));
        old.serverPreKeyCount = 50;
        old.pairAndLogin();
        assertEquals(2400, old.server.last().payload().getUserAgent().getAppVersion().getSecondary());
        old.server.last().send(Node.builder("failure").attr("reason", "405").build());
        ClientEvent.Close close = old.last(ClientEvent.Close.class);
        assertTrue(close.reason().contains("2.2400.7"), close.reason());
        assertTrue(close.reason().contains("405"), close.reason());
        assertFalse(close.willReconnect());
        assertTrue(old.credentials().registered());
        old.time.advance(Duration.ofHours(1));
        assertEquals(2, old.server.attempts());
    }

    @Test
    void streamError405IsTreatedTheSame() {
        loggedIn();
        h.server.last().send(ClientHarness.streamError("405", null));
        assertTrue(h.last(ClientEvent.Close.class).reason().contains(ClientVersion.DEFAULT.toString()));
        assertFalse(h.last(ClientEvent.Close.class).willReconnect());
    }

    @Test
    void serviceUnavailableReconnectsWithBackoffAndStableConnectionsResetIt() {
        loggedIn();
        int before = h.server.attempts();
        h.server.refuseNext(2);
        h.server.last().sendAndDrop(ClientHarness.streamError("503", null), "bye");
        ClientEvent.Close close = h.last(ClientEvent.Close.class);
        assertTrue(close.willReconnect());
        assertEquals(Duration.ofSeconds(1), close.reconnectDelay());
        h.time.advance(Duration.ofMillis(999));
        assertEquals(before, h.server.attempts(), "waits the full delay");
        h.time.advance(Duration.ofMillis(1));
        assertEquals(before + 1, h.server.attempts());
        assertEquals(Duration.ofSeconds(2), h.last(ClientEvent.Close.class).reconnectDelay(), "refused: doubled");
        h.time.advance(Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(4), h.last(ClientEvent.Close.class).reconnectDelay());
        h.time.advance(Duration.ofSeconds(4));
        assertEquals(WaClient.State.OPEN, h.client.state());
        assertEquals(3, h.last(ClientEvent.Connecting.class).attempt());

        // Dropped before the stable period: the count goes on.
        h.time.advance(Duration.ofSeconds(30));
        h.server.last().drop("network lost");
        assertEquals(Duration.ofSeconds(8), h.last(ClientEvent.Close.class).reconnectDelay());
        h.time.advance(Duration.ofSeconds(8));
        assertEquals(WaClient.State.OPEN, h.client.state());
        // Up for a minute: the next loss starts over.
        h.time.advance(Duration.ofMinutes(1));
        h.server.last().drop("network lost");
        assertEquals(Duration.ofSeconds(1), h.last(ClientEvent.Close.class).reconnectDelay());
    }

    @Test
    void keepaliveDeathReconnectsWithBackoff() {
        loggedIn();
        int before = h.server.attempts();
        h.answerPings = false;
        h.time.advance(Duration.ofMinutes(2));
        assertEquals(WaClient.State.OPEN, h.client.state(), "still within the 3-minute grace");
        h.time.advance(Duration.ofMinutes(2));
        ClientEvent.Close close = h.events(ClientEvent.Close.class).stream()
                .filter(c -> c.reason().contains("keepalive")).findFirst().orElseThrow();
        assertTrue(close.willReconnect());
        assertTrue(h.server.attempts() > before, "reconnected");
    }

    @Test
    void aServerThatAnswersPingsButNeverTheLoginIsLeftAfterTheHandshakeTimeoutAndRetried() {
        loggedIn();
        int before = h.server.attempts();
        long counted = h.runtime.leniencies().get(Leniency.LOGIN_UNANSWERED);
        h.answerLogins = false;
        h.server.last().sendAndDrop(ClientHarness.streamError("515", null), "restart");
        assertEquals(before + 1, h.server.attempts());
        h.time.advance(Duration.ofSeconds(19));
        assertEquals(WaClient.State.CONNECTED, h.client.state(), "pings answered, no <success> yet");
        h.answerLogins = true;
        h.time.advance(Duration.ofSeconds(1));
        ClientEvent.Close close = h.last(ClientEvent.Close.class);
        assertTrue(close.reason().contains("no login answer within 20000 ms"), close.reason());
        assertTrue(close.willReconnect());
        assertTrue(h.last(ClientEvent.Warning.class).message().contains("did not answer the login"));
        assertEquals(counted + 1, h.runtime.leniencies().get(Leniency.LOGIN_UNANSWERED));
        h.time.advance(close.reconnectDelay());
        assertEquals(before + 2, h.server.attempts());
        assertEquals(WaClient.State.OPEN, h.client.state(), "the next attempt is answered and opens");
        h.time.advance(Duration.ofMinutes(5));
        assertEquals(WaClient.State.OPEN, h.client.state(), "an answered login is not ended by the deadline");
        assertEquals(before + 2, h.server.attempts());
    }

    @Test
    void aRegistrationConnectionWithoutPairingRefsIsRetriedToo() {
        h.refs = null;
        h.client.connect();
        assertTrue(h.events(ClientEvent.Qr.class).isEmpty());
        h.time.advance(Duration.ofSeconds(20));
        assertTrue(h.last(ClientEvent.Close.class).reason().contains("no login answer"));
        h.refs = List.of("ref-1");
        h.time.advance(h.last(ClientEvent.Close.class).reconnectDelay());
        assertEquals(1, h.events(ClientEvent.Qr.class).size(), "the second attempt shows the QR");
        h.time.advance(Duration.ofSeconds(50));
        assertEquals(2, h.server.attempts(), "a QR shown is an answer: no deadline while it waits to be scanned");
    }

    @Test
    void refusedConnectionsRetryWithoutPairingAgain() {
        h.server.refuseNext(1);
        h.client.connect();
        assertTrue(h.last(ClientEvent.Close.class).reason().contains("refused"));
        assertTrue(h.events(ClientEvent.Qr.class).isEmpty());
        h.time.advance(Duration.ofSeconds(1));
        assertEquals(1, h.events(ClientEvent.Qr.class).size(), "second attempt shows the QR");
    }

    @Test
    void disconnectKeepsTheDeviceLinkedAndDoesNotReconnect() {
        loggedIn();
        int before = h.server.attempts();
        LoopbackServer.Connection c = h.server.last();
        h.client.disconnect();
        assertTrue(c.isClosed());
        assertFalse(h.last(ClientEvent.Close.class).willReconnect());
        assertEquals(WaClient.State.IDLE, h.client.state());
        assertTrue(h.credentials().registered());
        h.time.advance(Duration.ofMinutes(10));
        assertEquals(before, h.server.attempts());
        h.client.connect();
        assertEquals(WaClient.State.OPEN, h.client.state(), "logs in again with the stored device");
        assertFalse(h.server.last().payload().hasDevicePairingData());
    }

    @Test
    void logoutRemovesTheCompanionOnTheServerThenWipes() {
        loggedIn();
        LoopbackServer.Connection c = h.server.last();
        h.client.logout();
        Node remove = c.received("iq").stream().filter(iq -> iq.child("remove-companion-device") != null)
                .findFirst().orElseThrow().child("remove-companion-device");
        assertEquals(TestPhone.ME, remove.attr("jid"));
        assertEquals("user_initiated", remove.attr("reason"));
        assertNotNull(h.last(ClientEvent.LoggedOut.class));
        assertNull(h.credentials());
        assertTrue(c.isClosed());
        assertEquals(WaClient.State.IDLE, h.client.state());
        h.client.connect();
        assertTrue(h.server.last().payload().hasDevicePairingData(), "a logged out account pairs anew");
    }

    @Test
    void reconnectCanBeSwitchedOff() {
        ClientHarness off = new ClientHarness(WaClientConfig.defaults().withReconnect(ReconnectPolicy.DISABLED));
        off.serverPreKeyCount = 50;
        off.pairAndLogin();
        assertEquals(WaClient.State.OPEN, off.client.state(), "515 still reconnects: it is part of the protocol");
        off.server.last().drop("network lost");
        assertFalse(off.last(ClientEvent.Close.class).willReconnect());
        off.time.advance(Duration.ofMinutes(1));
        assertEquals(2, off.server.attempts());
    }

    @Test
    void unknownStreamErrorsAreReportedAndRetried() {
        loggedIn();
        h.server.last().sendAndDrop(Node.builder("stream:error").children(Node.of("xml-not-well-formed")).build(), "x");
        assertEquals("xml-not-well-formed", h.last(ClientEvent.StreamError.class).detail());
        assertTrue(h.last(ClientEvent.Close.class).willReconnect());
    }
}
