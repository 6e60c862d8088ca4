package io.wabridge.client.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.Versioned;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.LoopbackServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A newer owner took the session over (higher lease epoch): the client's next write stops it for good. */
class FencedStoreTest {
    private final ClientHarness h = new ClientHarness();

    @Test
    void aFencedWriteThatTheCallerOnlyLogsStillStopsTheClientForGood() {
        h.serverPreKeyCount = 50;
        h.pairAndLogin();
        assertEquals(WaClient.State.OPEN, h.client.state());
        assertEquals(0, h.store.epoch());
        LoopbackServer.Connection c = h.server.last();
        int attempts = h.server.attempts();

        AccountStore newOwner = h.stores.open(h.client.sessionId(), 1);
        Versioned<Credentials> stored = newOwner.credentials().load().orElseThrow();
        byte[] newOwnersRouting = {7, 7, 7};
        newOwner.credentials().save(stored.value().toBuilder().routingInfo(newOwnersRouting).build(), stored.version());

        // Storing edge routing info is best effort: the client logs a failure and goes on. Fenced, it must not.
        c.send(Node.builder("ib").children(Node.builder("edge_routing").children(
                Node.builder("routing_info").bytes(new byte[] {1, 2, 3}).build()).build()).build());

        ClientEvent.Fenced fenced = h.last(ClientEvent.Fenced.class);
        assertEquals(0, fenced.epoch());
        assertTrue(fenced.reason().contains("newer owner"), fenced.reason());
        List<ClientEvent> tail = h.events.subList(h.events.indexOf(fenced), h.events.size());
        assertEquals(2, tail.size(), "Fenced, then one final Close: " + tail);
        ClientEvent.Close close = assertInstanceOf(ClientEvent.Close.class, tail.get(1));
        assertFalse(close.willReconnect());
        assertTrue(close.reason().startsWith("fenced"), close.reason());
        assertEquals(WaClient.State.IDLE, h.client.state());
        assertTrue(c.isClosed());

        h.time.advance(Duration.ofMinutes(10));
        assertEquals(attempts, h.server.attempts(), "no reconnect");
        CompletionException refused = assertThrows(CompletionException.class, () -> h.client.connect().join());
        assertInstanceOf(IllegalStateException.class, refused.getCause());
        assertThrows(CompletionException.class, () -> h.client.logout().join());
        assertEquals(attempts, h.server.attempts());
        Versioned<Credentials> after = newOwner.credentials().load().orElseThrow();
        assertEquals(stored.version() + 1, after.version(), "the new owner's credentials are untouched");
        assertArrayEquals(newOwnersRouting, after.value().routingInfo());
        assertTrue(after.value().registered(), "not wiped");
    }

    @Test
    void aStoreNobodyFencedKeepsBehavingAsBefore() {
        h.serverPreKeyCount = 50;
        h.pairAndLogin();
        h.server.last().send(Node.builder("ib").children(Node.builder("edge_routing").children(
                Node.builder("routing_info").bytes(new byte[] {1, 2, 3}).build()).build()).build());
        assertArrayEquals(new byte[] {1, 2, 3}, h.credentials().routingInfo());
        assertTrue(h.events(ClientEvent.Fenced.class).isEmpty());
        assertEquals(WaClient.State.OPEN, h.client.state());
    }
}
