package io.wabridge.client.login;

import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.interop.Leniency;
import io.wabridge.client.interop.LeniencyCounters;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's information broadcasts ({@code <ib>}) on one connection: the end of the offline backlog
 * ({@code <offline count>}, reported as {@link ClientEvent.OfflineSyncDone}), an offline preview (answered by asking
 * for the backlog in batches of 100) and edge routing info (stored with the credentials for the next connect's
 * routing prefix). Unknown children are counted and ignored, as whatsmeow and Baileys do.
 */
public final class InfoBroadcasts {
    private static final Logger LOG = LoggerFactory.getLogger(InfoBroadcasts.class);

    private final StanzaRouter router;
    private final CredentialsCell credentials;
    private final LeniencyCounters leniencies;
    private final String sessionId;
    private final Consumer<ClientEvent> emit;

    private InfoBroadcasts(StanzaRouter router, CredentialsCell credentials, LeniencyCounters leniencies,
                           String sessionId, Consumer<ClientEvent> emit) {
        this.router = router;
        this.credentials = credentials;
        this.leniencies = leniencies;
        this.sessionId = sessionId;
        this.emit = emit;
    }

    /** Handles every {@code <ib>} of this router's connection. */
    public static void install(StanzaRouter router, CredentialsCell credentials, LeniencyCounters leniencies,
                               String sessionId, Consumer<ClientEvent> emit) {
        InfoBroadcasts ib = new InfoBroadcasts(router, credentials, leniencies, sessionId, emit);
        router.on(StanzaMatcher.tag("ib"), ib::handle);
    }

    private void handle(Node ib) {
        for (Node child : ib.children()) {
            switch (child.tag()) {
                case "offline" -> emit.accept(new ClientEvent.OfflineSyncDone(count(child)));
                case "offline_preview" -> router.send(Node.builder("ib").children(
                        Node.builder("offline_batch").attr("count", "100").build()).build());
                case "edge_routing" -> storeRouting(child.child("routing_info"));
                default -> {
                    leniencies.count(Leniency.TYPE_UNKNOWN);
                    LOG.debug("[{}] ib child {} ignored", sessionId, child.tag());
                }
            }
        }
    }

    private static int count(Node offline) {
        try {
            return Integer.parseInt(offline.attr("count", "0"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void storeRouting(Node info) {
        byte[] routing = info == null ? null : info.bytes();
        if (routing == null || routing.length == 0 || !credentials.isPresent()) {
            return;
        }
        try {
            credentials.save(credentials.get().toBuilder().routingInfo(routing).build());
        } catch (RuntimeException e) {
            LOG.warn("[{}] could not store edge routing info", sessionId, e);
        }
    }
}
