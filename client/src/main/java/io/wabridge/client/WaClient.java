package io.wabridge.client;

import io.wabridge.client.appstate.AppStateSync;
import io.wabridge.client.appstate.AppStateWiring;
import io.wabridge.client.appstate.ChatAction;
import io.wabridge.client.auth.ClientPayloadFactory;
import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.auth.CredentialsFactory;
import io.wabridge.client.auth.PairSuccess;
import io.wabridge.client.auth.Pairing;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEventListener;
import io.wabridge.client.history.History;
import io.wabridge.client.interop.Leniency;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lifecycle.Backoff;
import io.wabridge.client.lifecycle.Disconnect;
import io.wabridge.client.lifecycle.DisconnectKind;
import io.wabridge.client.lifecycle.Link;
import io.wabridge.client.lifecycle.LinkRequest;
import io.wabridge.client.login.InfoBroadcasts;
import io.wabridge.client.login.Login;
import io.wabridge.client.login.PreKeyUploader;
import io.wabridge.client.login.SignedPreKeyRotation;
import io.wabridge.client.media.MediaProcessor;
import io.wabridge.client.media.MediaSession;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.presence.ChatState;
import io.wabridge.client.presence.IncomingPresence;
import io.wabridge.client.presence.Presence;
import io.wabridge.client.presence.PresenceSender;
import io.wabridge.client.session.Failures;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.KeepAlive;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.stanza.ServerPingResponder;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.transport.TransportConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WhatsApp account (one linked device): pairs it (QR code or pairing code), logs it in, keeps its prekeys
 * topped up and its connection alive, and reconnects by the {@link io.wabridge.client.lifecycle.ReconnectPolicy}.
 *
 * <p>Threading: every state change runs on the account's own {@link SerialExecutor} (on the runtime's shared
 * pool); the public methods may be called from any thread and return futures. Events reach the
 * {@link ClientEventListener} on that executor, in order.
 *
 * <p>What each disconnect does is decided by its {@link DisconnectKind}: 515 reconnects at once; network loss,
 * 503 and keepalive death reconnect with backoff; logged out (401, device_removed) wipes the store and stops;
 * replaced, client too old (405), exhausted QR refs and refused pairings stop and keep what is stored.
 *
 * <p>A store write refused as fenced ({@link StoreFencedException}: a newer owner of the session wrote) stops the
 * client for good wherever it happened, even where the caller only logged the failure: the store tells the client
 * through {@link AccountStore#onFenced}, the client closes the connection, reports {@link ClientEvent.Fenced} and a
 * final {@link ClientEvent.Close}, and refuses to connect again.
 */
public final class WaClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WaClient.class);

    /** Where the client is; readable from any thread. */
    public enum State { IDLE, CONNECTING, CONNECTED, OPEN, WAITING_TO_RECONNECT }

    private final ClientRuntime runtime;
    private final WaClientConfig config;
    private final AccountStore store;
    private final ClientEventListener listener;
    private final SerialExecutor executor;
    private final CredentialsCell credentials;
    private final ClientPayloadFactory payloads;
    private final Backoff backoff;
    private final Messaging messaging;
    private final PresenceSender presenceSender;
    private final MediaSession media;
    private final History history;
    private final AppStateSync appState; private final io.wabridge.client.chats.AccountStateWriter accountState = new io.wabridge.client.chats.AccountStateWriter(this::chatBook, this::lidMappings, () -> WaClient.this.credentials);
    private final GroupAdmin groups;
    private final OwnConnection link;
    private final io.wabridge.client.profile.Profiles profile;
    private volatile State state = State.IDLE;
    private boolean wanted;
    private Attempt attempt;
    private Scheduler.Cancellable reconnectTimer;
    private Scheduler.Cancellable stableTimer;
    /** Set by the store, on the thread whose write it refused, before the refusal propagates. */
    private volatile StoreFencedException fencedBy;
    private boolean fenceReported;

    /** One connection attempt and what runs on it; dropped when it ends. */
    private final class Attempt {
        Link link;
        KeepAlive keepAlive;
        Pairing pairing;
        Login login;
        SignedPreKeyRotation rotation;
        /** Called off once the server answers the login ({@code <success>}) or starts pairing (a QR or code). */
        Scheduler.Cancellable answerDeadline;
        boolean ended;

        void answered() {
            if (answerDeadline != null) {
                answerDeadline.cancel();
            }
        }

        void stopTimers() {
            answered();
            if (keepAlive != null) {
                keepAlive.stop();
            }
            if (pairing != null) {
                pairing.stop();
            }
            if (rotation != null) {
                rotation.stop();
            }
        }
    }

    private WaClient(ClientRuntime runtime, WaClientConfig config, AccountStore store, ClientEventListener listener) {
        this.runtime = runtime;
        this.config = config;
        this.store = store;
        this.listener = listener;
        this.executor = new SerialExecutor(runtime.pool(), "wa-" + store.sessionId(), runtime.taskCpu());
        this.credentials = new CredentialsCell(store.credentials(), runtime.storeIo(), executor, this::credentialsNotStored);
        this.payloads = new ClientPayloadFactory(config.profile(), config.history().scope());
        this.backoff = new Backoff(config.reconnect(), runtime.jitter());
        this.presenceSender = new PresenceSender(credentials,
                this::storedPrivacyToken, config.pushName());
        this.link = new OwnConnection(executor, this::openRouter, credentials, config.messaging().iqTimeout(),
                this::messaging);
        this.media = new MediaSession(store.sessionId(), runtime.mediaTransfer(config.media()),
                MediaProcessor.INSTANCE, link, runtime.clock());
        this.groups = new GroupAdmin(link::sendIq, link.iqTimeout(), runtime.secureRandom());
        this.history = new History(store.sessionId(), config.history(), media, executor,
                accountState.historyHandOff(listener::handOff), link, () -> {
                    Credentials c = credentials.get();
                    return new History.Self(Jid.parse(c.me()), c.lid() == null ? null : Jid.parse(c.lid()));
                }, pairs -> lidMappings().learnAll(pairs, io.wabridge.client.lid.LidMappings.Source.HISTORY));

        store.onFenced(fenced -> {
            if (fencedBy == null) {
                fencedBy = fenced;
            }
            executor.execute(this::stopFenced); // after the task that wrote: it sees the refusal first
        });
        this.appState = new AppStateSync(store.sessionId(), store.appStateKeys(), store.appStateVersions(), executor,
                AppStateWiring.link(link::sendIq, media, link::sendToOwnDevices),
                accountState.appState(AppStateWiring.events(this::emit)), runtime.clock(), runtime.secureRandom(), config.appState());
        this.messaging = new Messaging(runtime, config.messaging(), store, credentials, executor, link,
                AppStateWiring.keyShares(appState, listener), history::offer, this::emit,
                (router, reason) -> {
                    Attempt a = attempt;
                    if (a != null && a.link != null && a.link.router() == router) {
                        emit(new ClientEvent.Warning("received messages not acknowledged: " + reason));
                        end(a, Disconnect.transientLoss("received messages not acknowledged: " + reason));
                    }
                });
        this.profile = new io.wabridge.client.profile.Profiles(credentials, executor, link::sendIq, this::changeChats,
                this::sendPresence, this::lidMappings, link.iqTimeout());
    }

    public static WaClient create(ClientRuntime runtime, WaClientConfig config, AccountStore store,
                                  ClientEventListener listener) {
        return new WaClient(runtime, config, store, listener);
    }

    public State state() {
        return state;
    }

    public String sessionId() {
        return store.sessionId();
    }

    public WaClientConfig config() {
        return config;
    }

    /** The stored credentials (empty before the first connect or after a logout). */
    public CompletableFuture<Optional<Credentials>> credentials() {
        return onExecutor(credentials::readStored);
    }

    /**
     * Starts connecting (pairing first if the account is not linked yet) and keeps the account connected until
     * {@link #disconnect()}, {@link #logout()} or a disconnect that must not be retried. Completes once the
     * attempt has started; follow the events for QR codes, Open and Close.
     */
    public CompletableFuture<Void> connect() {
        return onExecutor(() -> {
            StoreFencedException fenced = fencedBy;
            if (fenced != null) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "this client's store was fenced at epoch " + fenced.epoch() + ": open it with a newer epoch", fenced));
            }
            wanted = true;
            if (state == State.IDLE || state == State.WAITING_TO_RECONNECT) {
                cancelReconnect();
                startAttempt();
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Closes the connection after what was already written went out (credentials saves stored); the device stays linked. */
    public CompletableFuture<Void> disconnect() {
        return onExecutor(() -> {
            wanted = false;
            cancelReconnect();
            Attempt a = attempt;
            State before = state;
            CompletableFuture<Void> closed = CompletableFuture.completedFuture(null);
            if (a != null) {
                a.ended = true;
                a.stopTimers();
                attempt = null;
                if (a.link != null) {
                    closed = a.link.closeGracefully("disconnect requested");
                    messaging.connectionClosed(a.link.router(), "disconnect requested");
                }
            }
            cancelStable();
            state = State.IDLE;
            if (before != State.IDLE) {
                emit(new ClientEvent.Close("disconnect requested", false, null));
            }
            return CompletableFuture.allOf(closed, credentials.stored().handle((v, f) -> null)); // with the saves queued
        });
    }

    /**
     * Unlinks the device: tells the server ({@code <remove-companion-device reason=user_initiated>}) when
     * connected, then wipes this session's store whatever the server answered, and reports LoggedOut.
     */
    public CompletableFuture<Void> logout() {
        return onExecutor(() -> {
            StoreFencedException fenced = fencedBy;
            if (fenced != null) { // the new owner decides about the device; wiping here could only hurt it
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "this client's store was fenced at epoch " + fenced.epoch() + ": log out from the session's owner", fenced));
            }
            wanted = false;
            cancelReconnect();
            Attempt a = attempt;
            Credentials c = credentials.isPresent() ? credentials.get() : null;
            if (a == null || a.link == null || !a.link.isOpen() || c == null || !c.registered()) {
                if (c != null && c.registered()) {
                    emit(new ClientEvent.Warning("logged out while offline: the phone still lists this device until it is removed there"));
                }
                return finishLogout(a, "logout requested");
            }
            Node remove = Node.builder("iq").attr("to", Jid.SERVER).attr("type", "set").attr("xmlns", "md")
                    .children(Node.builder("remove-companion-device").attr("jid", c.me())
                            .attr("reason", "user_initiated").build())
                    .build();
            return a.link.router().sendIq(remove, config.logoutTimeout()).handle((ok, failure) -> {
                if (failure != null) {
                    emit(new ClientEvent.Warning("the server did not confirm the device removal: " + failure.getMessage()));
                }
                return null;
            }).thenCompose(v -> finishLogout(a, "logout requested"));
        });
    }

    /**
     * Requests a pairing code for {@code phone} (international number); the client must be connected and not yet
     * paired (after the first QR event). Completes with the 8-character code, also emitted as an event.
     */
    public CompletableFuture<String> requestPairingCode(String phone) {
        return onExecutor(() -> {
            Attempt a = attempt;
            if (a == null || a.pairing == null || a.link == null) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "not connected for pairing: call connect() on an unlinked account and wait for a QR event"));
            }
            return a.pairing.requestPairingCode(phone);
        });
    }

    /**
     * Sends a message to a user (phone-number or LID JID, no device); completes with the server's ack. With an
     * {@code idempotencyKey} the message id is derived from it (the same key always gives the same id for this
     * account), so sending again after a failure or a crash reuses the id and the recipient sees one message.
     *
     * @throws java.util.concurrent.CompletionException (in the future) with a
     *         {@link io.wabridge.client.send.MessageSendException} when the server refuses or does not ack it,
     *         an {@link IllegalStateException} when not logged in, an
     *         {@link io.wabridge.client.message.content.InvalidMessageContentException} for content WhatsApp rejects
     */
    public CompletableFuture<io.wabridge.client.send.SendResult> sendMessage(Jid to,
            io.wabridge.client.message.content.MessageContent content, String idempotencyKey) {
        return onExecutor(() -> messaging.send(openRouter(), to, content, idempotencyKey));
    }

    public CompletableFuture<io.wabridge.client.send.SendResult> sendMessage(Jid to,
            io.wabridge.client.message.content.MessageContent content) {
        return sendMessage(to, content, null);
    }

    /**
     * Marks messages of one chat read ({@code <receipt type=read>}).
     *
     * @param sender the author in a group chat, null in 1:1 chats
     */
    public CompletableFuture<Void> markRead(Jid chat, java.util.List<String> ids, Jid sender) {
        return sendReceipt(chat, sender, ids, io.wabridge.client.receipt.ReceiptType.READ);
    }

    /** Sends a receipt of any sendable type (read, read-self, played, ...) for messages of one chat. */
    public CompletableFuture<Void> sendReceipt(Jid chat, Jid sender, java.util.List<String> ids,
                                               io.wabridge.client.receipt.ReceiptType type) {
        return onExecutor(() -> messaging.sendReceipt(openRouter(), chat, sender, ids, type));
    }

    /**
     * Sets this account's global online status ({@code <presence type name>}, carrying our push name). WhatsApp
     * sends contacts' presence only to clients that are available themselves. The server does not answer, so this
     * completes once the stanza was handed to the connection.
     */
    public CompletableFuture<Void> sendPresence(Presence presence) {
        Objects.requireNonNull(presence, "presence");
        return link.send(router -> presenceSender.presence(router, presence));
    }

    /**
     * Shows or clears our typing (or recording) indicator in a chat ({@code <chatstate>}); completes once handed
     * to the connection (the server does not answer).
     */
    public CompletableFuture<Void> sendChatState(Jid chat, ChatState state) {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(state, "state");
        return link.send(router -> presenceSender.chatState(router, chat, state));
    }

    /**
     * Asks for a user's presence updates ({@code <presence type=subscribe>}, with the user's privacy token when we
     * hold one); they arrive as {@link ClientEvent.PresenceUpdate}. Lasts for this connection: subscribe again
     * after a reconnect. Completes once handed to the connection (the server does not answer).
     */
    public CompletableFuture<Void> subscribePresence(Jid user) {
        Objects.requireNonNull(user, "user");
        return link.onExecutor(() -> messaging.privacyTokensAhead(user).thenCompose(v -> link.send(r -> presenceSender.subscribe(r, user))));
    }

    /**
     * Changes chat state through app-state (archive, pin, mute, mark read, star, contact names; see
     * {@link ChatAction}): one patch per collection, sent and applied here once the server took it.
     */
    public CompletableFuture<Void> changeChats(java.util.List<ChatAction> actions) {
        return onExecutor(() -> {
            openRouter();
            return appState.send(actions);
        });
    }

    /**
     * This account's media: upload a file into a media message ({@code media().prepare(...)}, then
     * {@link #sendMessage}), download a received one ({@code media().downloadToFile(...)}).
     */
    public MediaSession media() {
        return media;
    }

    /**
     * This account's history sync: what the phone hands over arrives as {@link ClientEvent.HistorySync} parts;
     * {@code history().request(...)} asks the phone for older messages of a chat.
     */
    public History history() {
        return history;
    }

    /**
     * This account's groups: metadata, the groups it is in, create, participants, subject, description, settings,
     * leave, invite codes ({@code w:g2} iqs on the open connection). Changes arrive as
     * {@link ClientEvent.GroupUpdate} events, from us as from anyone.
     */
    public GroupAdmin groups() {
        return groups;

    }
    public io.wabridge.client.call.Calls calls() { return messaging.calls(); } // incoming calls: reject, auto-reject
    public io.wabridge.client.blocking.Blocking blocking() { return messaging.blocking(); } // block list, privacy
    public io.wabridge.client.disappearing.Disappearing disappearing() { return messaging.disappearing(); } // timers
    public io.wabridge.client.community.Communities communities() { return new io.wabridge.client.community.Communities(groups); } // create, list, link, unlink
    public io.wabridge.client.status.Statuses statuses() { return link.statuses(); } // status@broadcast: post, seen

    /** Profile and contacts: push name, about, pictures, on-WhatsApp checks, business profiles. */
    public io.wabridge.client.profile.Profiles profile() {
        return profile;
    }

    /** This account's newsletters (channels): follow, metadata, posts, reactions. */
    public io.wabridge.client.newsletter.Newsletters newsletters() {
        return messaging.newsletters();
    }

    /**
     * Up to {@code limit} (1 to 1000) of the session's contacts after {@code afterJid} (null: from the start), by JID,
     * each with its phone-number JID and LID where known. Works connected or not (the store answers).
     */
    public CompletableFuture<java.util.List<io.wabridge.client.chats.ChatBook.ContactEntry>> contacts(String afterJid, int limit) {
        return onExecutor(() -> CompletableFuture.completedFuture(messaging.chats().contacts(afterJid, limit)));
    }

    /** Up to {@code limit} (1 to 1000) of the session's chats after {@code afterJid} (null: from the start), by JID. */
    public CompletableFuture<java.util.List<io.wabridge.client.store.ChatThread>> chats(String afterJid, int limit) {
        return onExecutor(() -> CompletableFuture.completedFuture(messaging.chats().chats(afterJid, limit)));
    }
    public CompletableFuture<java.util.List<io.wabridge.client.store.ChatLabel>> labels(String afterId, int limit) { return onExecutor(() -> CompletableFuture.completedFuture(messaging.chats().labels(afterId, limit))); } // the account's labels by id, as chats()
    public io.wabridge.client.appstate.AppStateSync appState() { return appState; } // resync(...) may be called from any thread

    /**
     * The account's contacts and chats, for coordinators that change them (app state: names, archive/pin/mute/read;
     * history sync: push names, conversations): call it on the account's executor only.
     */
    public io.wabridge.client.chats.ChatBook chatBook() {
        return messaging.chats();
    }

    /** The privacy token a user issued us, for presence subscriptions (on the executor). */
    private byte[] storedPrivacyToken(Jid user) {
        return messaging.privacyTokens().storedTokenFor(user).orElse(null);
    }

    /**
     * The account's LID &lt;-&gt; phone-number mappings, for coordinators that learn them elsewhere (history sync,
     * app state): call {@code learn}/{@code learnAll} on the account's executor only.
     */
    public io.wabridge.client.lid.LidMappings lidMappings() {
        return messaging.lids();
    }

    /** The router of the open (logged-in) connection. */
    private StanzaRouter openRouter() {
        Attempt a = attempt;
        if (state != State.OPEN || a == null || a.link == null || !a.link.isOpen()) {
            throw new IllegalStateException("not connected: wait for the Open event (state " + state + ")");
        }
        return a.link.router();
    }

    @Override
    public void close() {
        disconnect();
    }

    // ---- attempts ----

    private void startAttempt() {
        state = State.CONNECTING;
        emit(new ClientEvent.Connecting(backoff.failures()));
        Attempt a = new Attempt();
        attempt = a; // the credentials (created if none) and our own LID mapping are read off the executor first
        credentials.load(() -> CredentialsFactory.createStored(runtime.secureRandom(), config.pushName(),
                store.signedPreKeys(), runtime.clock())).thenCompose(c -> messaging.ownMappingAhead(c).thenApply(v -> c))
                .whenComplete((c, failure) -> link.runHere(() -> open(a, c, failure)));
    }

    private void open(Attempt a, Credentials c, Throwable notLoaded) {
        if (attempt != a || a.ended) {
            return;
        }
        byte[] payload;
        try {
            if (notLoaded != null) { // as if thrown here
                throw Failures.unwrap(notLoaded) instanceof RuntimeException e ? e : new IllegalStateException(notLoaded);
            }
            payload = payloads.forCredentials(c).toByteArray();
        } catch (IllegalArgumentException e) {
            end(a, new Disconnect(DisconnectKind.FAILED, null, "stored credentials unusable: " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.warn("[{}] could not load credentials", store.sessionId(), e);
            end(a, Disconnect.transientLoss("store unavailable: " + e));
            return;
        }
        TransportConfig transport = c.routingInfo() == null ? config.transport()
                : config.transport().withRoutingInfo(c.routingInfo());
        LinkRequest request = new LinkRequest(transport, CredentialsFactory.x25519(c.noiseKey()), config.verifier(),
                server -> payload);
        boolean registered = c.registered();
        runtime.opener().open(request, executor, (reason, cause) -> onLinkClosed(a, reason))
                .whenComplete((opened, failure) -> link.runHere(() -> opened(a, opened, failure, registered)));
    }

    private void opened(Attempt a, Link link, Throwable failure, boolean registered) {
        if (attempt != a || a.ended) {
            if (link != null) {
                link.close("superseded");
            }
            return;
        }
        if (failure != null) {
            end(a, Disconnect.transientLoss("connect failed: " + Failures.message(failure)));
            return;
        }
        a.link = link;
        state = State.CONNECTED;
        StanzaRouter router = link.router();
        router.on(StanzaMatcher.tag("stream:error"), node -> {
            emit(new ClientEvent.StreamError(node.attr("code"), Disconnect.describeFirstChild(node)));
            end(a, Disconnect.ofStreamError(node, config.profile().version()));
        });
        router.on(StanzaMatcher.tag("failure"), node -> end(a, Disconnect.ofFailure(node, config.profile().version())));
        router.on(StanzaMatcher.tag("xmlstreamend"), node -> end(a, Disconnect.transientLoss("server ended the stream")));
        InfoBroadcasts.install(router, credentials, runtime.leniencies(), store.sessionId(), this::emit);
        router.onUnhandled(node -> {
            runtime.leniencies().count(Leniency.STANZA_UNHANDLED);
            LOG.debug("[{}] unhandled stanza dropped: {}", store.sessionId(), node);
        });
        // Notifications nobody else handles are still acknowledged, or the server resends them.
        router.on(StanzaMatcher.tag("notification"), node -> router.send(Acks.ackFor(node)));
        ServerPingResponder.install(router);
        a.keepAlive = new KeepAlive(router, runtime.scheduler(), executor, runtime.nanoClock(), config.keepAlive(),
                () -> end(a, Disconnect.transientLoss("keepalive: the server stopped answering pings")));
        a.keepAlive.start();
        // A server that answers pings but neither logs us in nor starts pairing would hold the session forever.
        Duration answerWithin = config.transport().handshakeTimeout();
        a.answerDeadline = runtime.scheduler().schedule(() -> executor.execute(() -> {
            if (attempt == a && !a.ended) {
                runtime.leniencies().count(Leniency.LOGIN_UNANSWERED);
                emit(new ClientEvent.Warning("the server did not answer the login within " + answerWithin.toMillis()
                        + " ms: reconnecting"));
                end(a, Disconnect.transientLoss("no login answer within " + answerWithin.toMillis() + " ms"));
            }
        }), answerWithin);
        if (registered) {
            messaging.install(router);
            media.install(router);
            AppStateWiring.install(router, appState);
            IncomingPresence.install(router, this::emit);
            installLogin(a, router);
        } else {
            installPairing(a, router);
        }
    }

    private void installPairing(Attempt a, StanzaRouter router) {
        a.pairing = new Pairing(router, credentials, store.identities(), config.profile(), config.qr(),
                runtime.scheduler(), executor, runtime.clock(), runtime.secureRandom(), new Pairing.Listener() {
            @Override
            public void qr(ClientEvent.Qr qr) {
                a.answered();
                emit(qr);
            }

            @Override
            public void qrExhausted(String reason) {
                end(a, new Disconnect(DisconnectKind.QR_EXHAUSTED, "408", reason));
            }

            @Override
            public void pairingCode(String code) {
                a.answered();
                emit(new ClientEvent.PairingCode(code));
            }

            @Override
            public void paired(PairSuccess.Result result) {
                emit(new ClientEvent.Paired(result.me(), result.lid(), result.platform()));
            }

            @Override
            public void failed(String reason) {
                emit(new ClientEvent.PairingFailed(reason));
                end(a, new Disconnect(DisconnectKind.FAILED, null, reason));
            }
        });
        a.pairing.install();
        a.pairing.installCodeNotificationHandler();
    }

    private void installLogin(Attempt a, StanzaRouter router) {
        var preKeys = new PreKeyUploader(router, credentials, store.preKeys(), config.preKeys(), this::emit, runtime.storeIo(), executor);
        Login.Listener listener = new Login.Listener() {
            @Override
            public void answered() {
                a.answered();
            }

            @Override
            public void loggedIn(String me, String lid) {
                if (attempt != a || a.ended) {
                    return;
                }
                state = State.OPEN;
                messaging.loggedIn();
                emit(new ClientEvent.Open(me, lid));
                appState.connected(runtime.storeIo());
                a.rotation = new SignedPreKeyRotation(router, credentials, store.signedPreKeys(), config.preKeys(),
                        runtime.scheduler(), executor, runtime.storeIo(), runtime.clock(), WaClient.this::emit);
                try {
                    a.rotation.start();
                } catch (RuntimeException e) {
                    emit(new ClientEvent.Warning("signed prekey rotation not scheduled: " + e.getMessage()));
                }
                cancelStable();
                stableTimer = runtime.scheduler().schedule(() -> executor.execute(() -> {
                    if (attempt == a && state == State.OPEN) {
                        backoff.reset();
                    }
                }), config.reconnect().stableAfter());
            }

            @Override
            public void event(ClientEvent event) {
                emit(event);
            }
        };
        a.login = new Login(router, credentials, preKeys, config.preKeys().iqTimeout(), runtime.leniencies(), listener);
        a.login.install();
    }

    private void onLinkClosed(Attempt a, String reason) {
        if (attempt == a && !a.ended) {
            end(a, Disconnect.transientLoss(reason == null ? "connection closed" : reason));
        }
    }

    /** Ends an attempt and does what its disconnect calls for. */
    private void end(Attempt a, Disconnect d) {
        if (a != null) {
            if (a.ended) {
                return;
            }
            a.ended = true;
            a.stopTimers();
            if (a.link != null && a.link.isOpen()) {
                a.link.close(d.reason());
            }
            if (a.link != null) {
                messaging.connectionClosed(a.link.router(), d.reason());
            }
        }
        if (attempt == a) {
            attempt = null;
        }
        cancelStable();
        LOG.info("[{}] connection ended: {} ({})", store.sessionId(), d.reason(), d.kind());
        if (fencedBy != null) { // whatever ended it, a fenced client must neither reconnect nor wipe
            wanted = false;
            cancelReconnect();
            reportFenced();
            return;
        }
        switch (d.kind()) {
            case RESTART -> {
                if (wanted) {
                    emit(new ClientEvent.Close(d.reason(), true, Duration.ZERO));
                    startAttempt();
                } else {
                    stop(d.reason());
                }
            }
            case TRANSIENT -> {
                Optional<Duration> delay = wanted && config.reconnect().enabled() ? backoff.next() : Optional.empty();
                if (delay.isEmpty()) {
                    wanted = false;
                    String why = config.reconnect().enabled() && backoff.failures() > 0
                            ? d.reason() + "; giving up after " + backoff.failures() + " attempts" : d.reason();
                    stop(why);
                } else {
                    state = State.WAITING_TO_RECONNECT;
                    emit(new ClientEvent.Close(d.reason(), true, delay.get()));
                    scheduleReconnect(delay.get());
                }
            }
            case LOGGED_OUT -> finishLogout(null, d.reason()); // LoggedOut once the store is wiped
            default -> {
                wanted = false;
                stop(d.reason());
            }
        }
    }

    /** Runs on the executor once a write was refused as fenced: ends the attempt, if any is left, for good. */
    private void stopFenced() {
        if (fenceReported) {
            return;
        }
        Attempt a = attempt;
        if (a != null && !a.ended) {
            end(a, new Disconnect(DisconnectKind.FAILED, null, fencedReason()));
        } else {
            wanted = false;
            cancelReconnect();
            cancelStable();
            reportFenced();
        }
    }

    private void reportFenced() {
        state = State.IDLE;
        if (fenceReported) {
            return;
        }
        fenceReported = true;
        StoreFencedException fenced = fencedBy;
        LOG.warn("[{}] stopped: {}", store.sessionId(), fenced.getMessage());
        emit(new ClientEvent.Fenced(fenced.epoch(), fenced.getMessage()));
        emit(new ClientEvent.Close(fencedReason(), false, null));
    }

    private String fencedReason() {
        return "fenced: a newer owner (epoch > " + fencedBy.epoch() + ") drives this session";
    }

    private void stop(String reason) {
        state = State.IDLE;
        emit(new ClientEvent.Close(reason, false, null));
    }

    /** Ends the account's state at once; the store is wiped on the store I/O executor, then LoggedOut reported. */
    private CompletableFuture<Void> finishLogout(Attempt a, String reason) {
        if (a != null && !a.ended) {
            a.ended = true;
            a.stopTimers();
            if (a.link != null) {
                a.link.close(reason);
            }
        }
        if (a != null && attempt == a) {
            attempt = null;
        }
        wanted = false;
        cancelReconnect();
        cancelStable();
        messaging.reset(); // the writes not started yet are dropped; the next connection's load waits for the wipe
        history.reset();
        appState.reset(); // a pending STORE retry must not sync after the logout
        backoff.reset();
        State before = state;
        state = State.IDLE;
        if (before != State.IDLE) {
            emit(new ClientEvent.Close(reason, false, null));
        }
        return credentials.clear(store::wipe).handle((v, e) -> {
            if (e != null) {
                LOG.warn("[{}] wiping the store failed", store.sessionId(), e);
                emit(new ClientEvent.Warning("wiping the session store failed: " + e.getMessage()));
            }
            emit(new ClientEvent.LoggedOut(reason));
            return null;
        });
    }

    private void scheduleReconnect(Duration delay) {
        Object token = new Object();
        Scheduler.Cancellable timer = runtime.scheduler().schedule(() -> executor.execute(() -> {
            if (reconnectTimerToken == token) {
                reconnectTimer = null;
                reconnectTimerToken = null;
                if (wanted && state == State.WAITING_TO_RECONNECT) {
                    startAttempt();
                }
            }
        }), delay);
        reconnectTimer = timer;
        reconnectTimerToken = token;
    }

    private Object reconnectTimerToken;

    private void cancelReconnect() {
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
        }
        reconnectTimer = null;
        reconnectTimerToken = null;
    }

    private void cancelStable() {
        if (stableTimer != null) {
            stableTimer.cancel();
            stableTimer = null;
        }
    }

    private void credentialsNotStored(Throwable failure) { // and the saves after it: the next connection reloads them
        if (attempt != null && attempt.pairing == null) { // a pairing reports its own failed save
            end(attempt, Disconnect.transientLoss("credentials not stored: " + Failures.message(failure)));
        }
    }

    // ---- plumbing ----

    private void emit(ClientEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("[{}] event listener failed on {}", store.sessionId(), event, e);
        }
    }

    private Messaging messaging() {
        return messaging;
    }

    private <T> CompletableFuture<T> onExecutor(Supplier<CompletableFuture<T>> action) {
        return link.onExecutor(action);
    }
}
