package io.wabridge.client.appstate;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEventListener;
import io.wabridge.client.media.MediaSession;
import io.wabridge.client.media.MediaType;
import io.wabridge.client.message.content.MediaBlob;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.proto.wa.AppStateSyncKeyRequest;
import io.wabridge.proto.wa.ExternalBlobReference;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.ProtocolMessage;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/** How a client plugs {@link AppStateSync} into its connection, media session, messaging and events. */
public final class AppStateWiring {

    private AppStateWiring() {
    }

    /**
     * A link over the open connection ({@code iq}), the media session (app-state blobs) and a sender of messages to
     * our own devices ({@code toOwnDevices}: the key request).
     */
    public static AppStateSync.Link link(Function<Node, CompletableFuture<Node>> iq, MediaSession media,
                                         Function<Message, CompletableFuture<?>> toOwnDevices) {
        return new AppStateSync.Link() {
            @Override
            public CompletableFuture<Node> sendIq(Node request) {
                return iq.apply(request);
            }

            @Override
            public CompletableFuture<byte[]> download(ExternalBlobReference ref) {
                MediaBlob blob = new MediaBlob(null, ref.getDirectPath(), ref.getMediaKey().toByteArray(),
                        ref.hasFileSha256() ? ref.getFileSha256().toByteArray() : null,
                        ref.hasFileEncSha256() ? ref.getFileEncSha256().toByteArray() : null, ref.getFileSizeBytes(), 0);
                ByteArrayOutputStream sink = new ByteArrayOutputStream((int) Math.min(ref.getFileSizeBytes(), 1 << 20));
                return media.downloadBlob(MediaType.APP_STATE, blob, sink).thenApply(digest -> sink.toByteArray());
            }

            @Override
            public CompletableFuture<Void> requestKeys(AppStateSyncKeyRequest request) {
                Message m = Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder()
                        .setType(ProtocolMessage.Type.APP_STATE_SYNC_KEY_REQUEST).setAppStateSyncKeyRequest(request)).build();
                return toOwnDevices.apply(m).thenApply(ignored -> null);
            }
        };
    }

    /** Reports changes and failures as {@link ClientEvent}s. */
    public static AppStateSync.Listener events(Consumer<ClientEvent> emit) {
        return new AppStateSync.Listener() {
            @Override
            public void changed(AppStateChange change) {
                emit.accept(new ClientEvent.AppStateChanged(change));
            }

            @Override
            public void failed(AppStateException error, boolean recovering) {
                emit.accept(new ClientEvent.AppStateSyncFailed(error.collection(), error.version(), error.kind().name(),
                        error.getMessage(), recovering, false, error.attempt(), error.retryIn()));
            }

            @Override
            public void fatal(AppStateException error) {
                emit.accept(new ClientEvent.AppStateSyncFailed(error.collection(), error.version(), error.kind().name(),
                        error.getMessage(), false, true));
            }
        };
    }

    /**
     * Takes the app-state key shares our own devices send out of the message stream: stored before the message
     * is acknowledged, then every collection syncs. Everything else goes on to {@code next}. Key shares from anyone
     * else are dropped (Baileys drops self-only protocol messages from other senders).
     */
    public static ClientEventListener keyShares(AppStateSync sync, ClientEventListener next) {
        return new ClientEventListener() {
            @Override
            public void onEvent(ClientEvent event) {
                next.onEvent(event);
            }

            @Override
            public CompletionStage<Void> handOff(ClientEvent event) {
                if (event instanceof ClientEvent.MessageReceived m && m.message().hasProtocolMessage()
                        && m.message().getProtocolMessage().getType() == ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE) {
                    if (m.fromMe()) {
                        sync.onKeyShare(m.message().getProtocolMessage().getAppStateSyncKeyShare());
                    }
                    return CompletableFuture.completedFuture(null);
                }
                return next.handOff(event);
            }
        };
    }

    /** {@code <notification type="server_sync">}: acknowledged, then the named collections sync. */
    public static void install(StanzaRouter router, AppStateSync sync) {
        router.on(StanzaMatcher.tagAndType("notification", "server_sync"), node -> {
            router.send(Acks.ackFor(node));
            sync.onServerSync(node);
        });
    }
}
