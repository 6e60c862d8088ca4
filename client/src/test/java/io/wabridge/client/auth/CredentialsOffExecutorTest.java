package io.wabridge.client.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.testing.ClientHarness;
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
