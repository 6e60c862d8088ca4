package io.wabridge.client.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.TestPhone;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The client's credentials off its executor, with the store I/O executor held: a connection starts once its
 * credentials and our own LID mapping were read there (no connection is opened before), a logout reports LoggedOut
 * once the store is wiped there and a connection asked meanwhile loads after the wipe, and a credentials save
 * refused by the store (another writer saved in between) ends the connection, the next one reloading what is stored.
 */
class CredentialsOffExecutorTest {

    private final ClientHarness h = new ClientHarness();

    @Test
    void aConnectionOpensOnceItsCredentialsAndOurOwnLidMappingWereReadOffTheExecutor() throws Exception {
        h.pairAndLogin();
        assertEquals(WaClient.State.OPEN, h.client.state());
        h.client.disconnect().get();
        h.client.lidMappings().clear(); // as a restarted worker: our own mapping not in memory
        int connections = h.server.connections().size();

        h.storeIo.hold();
        h.client.connect().get();
        assertEquals(WaClient.State.CONNECTING, h.client.state());
        assertEquals(1, h.storeIo.heldCount(), "the credentials load is out on the store I/O executor");
        assertEquals(connections, h.server.connections().size(), "no connection before the credentials");
        h.storeIo.runHeld();
        assertEquals(1, h.storeIo.heldCount(), "then our own LID mapping is read there");
        assertEquals(connections, h.server.connections().size(), "no connection before our own mapping");
        h.storeIo.release();

        assertEquals(connections + 1, h.server.connections().size());
        assertEquals(WaClient.State.OPEN, h.client.state(), h.events.toString());
        assertEquals(io.wabridge.client.jid.Jid.parse(h.phone.lid).toNonAd(),
                h.client.lidMappings().lidFor(io.wabridge.client.jid.Jid.parse(h.phone.me)).orElse(null));
    }

    @Test
    void thePairSuccessReplyLeavesOnceThePairingIsStoredAndNotWhenTheConnectionEndedMeanwhile() throws Exception {
        var pairing = pairSuccessWhileStoreHeld(h);
        assertEquals(1, h.storeIo.heldCount(), "the identity and credentials are being stored");
        assertTrue(pairing.received("iq").stream().noneMatch(iq -> iq.child("pair-device-sign") != null),
                "no reply before they are stored");
        assertFalse(h.credentials().registered());
        h.storeIo.release();
        assertTrue(h.credentials().registered());
        assertTrue(pairing.received("iq").stream().anyMatch(iq -> iq.child("pair-device-sign") != null));
        assertEquals(1, h.events(ClientEvent.Paired.class).size());

        ClientHarness other = new ClientHarness();
        pairing = pairSuccessWhileStoreHeld(other);
        pairing.drop("network lost");
        other.storeIo.release();
        assertTrue(pairing.received("iq").stream().noneMatch(iq -> iq.child("pair-device-sign") != null));
        assertFalse(other.credentials().registered(), "back to unregistered: the server never learned we accepted");
        assertTrue(other.events(ClientEvent.Paired.class).isEmpty(), other.events.toString());
    }

    @Test
    void aPairingUndoneAfterADropIsQueuedBeforeTheReconnectsLoadWhichReadsTheUnpairedCredentials() throws Exception {
        var pairing = pairSuccessWhileStoreHeld(h);
        int qrs = h.events(ClientEvent.Qr.class).size();
        pairing.drop("network lost");
        h.time.advance(Duration.ofMinutes(1)); // the reconnect asks for the credentials while the pairing is stored
        assertEquals(WaClient.State.CONNECTING, h.client.state(), h.events.toString());
        h.storeIo.release();

        assertFalse(h.credentials().registered(), "back to unregistered: the server never learned we accepted");
        assertTrue(h.events(ClientEvent.Qr.class).size() > qrs, "the new connection pairs again: " + h.events);
        assertTrue(h.server.last().received("iq").stream().noneMatch(iq -> iq.child("pair-device-sign") != null));
        assertTrue(h.events(ClientEvent.Paired.class).isEmpty(), h.events.toString());
    }

    @Test
    void aPairingWhoseSaveFailsAfterADropStillReportsItsFailure() throws Exception {
        var pairing = pairSuccessWhileStoreHeld(h);
        var stored = h.store.credentials().load().orElseThrow(); // another writer saves in between: the pairing's is refused
        h.store.credentials().save(stored.value().toBuilder().pushName("saved elsewhere").build(), stored.version());
        pairing.drop("network lost"); // the error reply cannot leave any more
        h.storeIo.release();

        assertTrue(h.last(ClientEvent.PairingFailed.class).reason().startsWith("pairing verified but could not be stored"),
                h.events.toString());
        assertFalse(h.credentials().registered());
    }

    /** Connects {@code h}, holds its store I/O and has the phone answer the first QR code: the pairing is being stored. */
    private static io.wabridge.client.testing.LoopbackServer.Connection pairSuccessWhileStoreHeld(ClientHarness h)
            throws Exception {
        h.client.connect().get();
        TestPhone.Qr qr = TestPhone.Qr.parse(h.last(ClientEvent.Qr.class).code());
        var pairing = h.server.last();
        h.storeIo.hold();
        pairing.send(h.phone.pairSuccess("ps-1", qr));
        return pairing;
    }

    @Test
    void logoutReportsLoggedOutOnceTheStoreIsWipedAndAConnectionAskedMeanwhileStartsAfterIt() throws Exception {
        h.pairAndLogin();
        assertNotNull(h.credentials());
        h.storeIo.hold();
        CompletableFuture<Void> logout = h.client.logout();
        assertEquals(WaClient.State.IDLE, h.client.state());
        assertFalse(logout.isDone(), "logout completes once the store is wiped");
        assertTrue(h.events(ClientEvent.LoggedOut.class).isEmpty());
        assertTrue(h.credentials().registered(), "the wipe waits on the store I/O executor");

        int connections = h.server.connections().size();
        h.client.connect().get();
        assertEquals(connections, h.server.connections().size());
        h.storeIo.release();

        logout.get();
        assertEquals(1, h.events(ClientEvent.LoggedOut.class).size());
        assertTrue(h.events.indexOf(h.last(ClientEvent.LoggedOut.class)) < h.events.indexOf(h.last(ClientEvent.Qr.class)),
                "the new pairing starts after the wipe: " + h.events);
        assertFalse(h.credentials().registered(), "new credentials, created after the wipe");
        assertEquals(connections + 1, h.server.connections().size());
    }

    @Test
    void aCredentialsSaveRefusedByTheStoreEndsTheConnectionAndTheNextOneReloads() throws Exception {
        h.pairAndLogin();
        var stored = h.store.credentials().load().orElseThrow();
        h.store.credentials().save(stored.value().toBuilder().pushName("saved elsewhere").build(), stored.version());

        h.server.last().send(Node.builder("ib").children(Node.builder("edge_routing").children(
                Node.builder("routing_info").bytes(new byte[] {8, 2, 8, 5}).build()).build()).build());

        ClientEvent.Close close = h.last(ClientEvent.Close.class);
        assertTrue(close.reason().startsWith("credentials not stored: stale credentials"), close.toString());
        assertTrue(close.willReconnect(), close.toString());
        assertEquals("saved elsewhere", h.credentials().pushName(), "nothing overwritten");
        h.time.advance(Duration.ofMinutes(1));
        assertEquals(WaClient.State.OPEN, h.client.state(), h.events.toString());
        assertEquals("saved elsewhere", h.client.credentials().get().orElseThrow().pushName(), "reloaded");
    }
}
