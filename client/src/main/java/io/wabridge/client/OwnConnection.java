package io.wabridge.client;

import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.binary.Node;
import io.wabridge.client.history.History;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.media.MediaSession;
import io.wabridge.client.message.content.Unknown;
import io.wabridge.client.send.SendResult;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.proto.wa.Message;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a feature coordinator (media, history, app state, groups, ...) may do with the account's open connection:
 * iqs, stanzas to our own user, protocol messages to our own devices or to the primary phone. Every operation runs
 * on the account's serial executor and fails with {@link IllegalStateException} when the account is not open.
 * One object per account, handed to each coordinator instead of a lambda per operation.
 */
public final class OwnConnection implements MediaSession.Link, History.Link,
        io.wabridge.client.status.Statuses.Link {

    private final SerialExecutor executor;
    private final Supplier<StanzaRouter> openRouter;
    private final CredentialsCell credentials;
    private final Duration iqTimeout;
    private final Supplier<Messaging> messaging;
    private io.wabridge.client.status.Statuses statuses;

    OwnConnection(SerialExecutor executor, Supplier<StanzaRouter> openRouter, CredentialsCell credentials,
                  Duration iqTimeout, Supplier<Messaging> messaging) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.openRouter = Objects.requireNonNull(openRouter, "openRouter");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.iqTimeout = Objects.requireNonNull(iqTimeout, "iqTimeout");
        this.messaging = Objects.requireNonNull(messaging, "messaging");
    }

    /** Sends an iq on the open connection; completes with the server's result (an error type fails it). */
    @Override
    public CompletableFuture<Node> sendIq(Node iq, Duration timeout) {
        return onExecutor(() -> openRouter.get().sendIq(iq, timeout));
    }

    /** {@link #sendIq(Node, Duration)} with the configured iq timeout. */
    public CompletableFuture<Node> sendIq(Node iq) {
        return sendIq(iq, iqTimeout);
    }

    /** The configured iq timeout. */
    public Duration iqTimeout() {
        return iqTimeout;
    }

    /** Sends a stanza built for our own user JID (no device) on the open connection. */
    @Override
    public CompletableFuture<Void> sendToOwnUser(Function<Jid, Node> stanza) {
        return send(router -> router.send(stanza.apply(me())));
    }

    /** Sends a protocol message to our own primary phone only (category peer); completes with its id. */
    @Override
    public CompletableFuture<String> sendToPrimary(Message message) {
        return onExecutor(() -> messaging.get().sendPeer(openRouter.get(), message)).thenApply(SendResult::messageId);
    }

    /** A protocol message to our own other devices (e.g. the app-state key request). */
    public CompletableFuture<SendResult> sendToOwnDevices(Message message) {
        return onExecutor(() -> messaging.get().send(openRouter.get(), me(), new Unknown(message), null));
    }

    /** Sends a message to a user or group as {@link WaClient#sendMessage} does; completes with the server's ack. */
    public CompletableFuture<SendResult> sendMessage(Jid to, io.wabridge.client.message.content.MessageContent content) {
        return onExecutor(() -> messaging.get().send(openRouter.get(), to, content, null));
    }

    /** A status to {@code status@broadcast} for {@code audience} (sender key, as a group message). */
    @Override
    public CompletableFuture<SendResult> sendStatus(java.util.List<Jid> audience, Message message, String key) {
        return onExecutor(() -> messaging.get().sendStatus(openRouter.get(), audience, message, key));
    }

    /** A receipt (read, played, ...) for messages of one chat. */
    @Override
    public CompletableFuture<Void> sendReceipt(Jid chat, Jid sender, java.util.List<String> ids,
                                               io.wabridge.client.receipt.ReceiptType type) {
        return onExecutor(() -> messaging.get().sendReceipt(openRouter.get(), chat, sender, ids, type));
    }

    /** The account's status updates, made on first use. */
    public synchronized io.wabridge.client.status.Statuses statuses() {
        if (statuses == null) {
            statuses = new io.wabridge.client.status.Statuses(this);
        }
        return statuses;
    }

    /** Runs a send that the server does not answer on the open connection; done once handed to it. */
    public CompletableFuture<Void> send(Consumer<StanzaRouter> send) {
        return onExecutor(() -> {
            send.accept(openRouter.get());
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Our own user JID (phone number, no device). */
    private Jid me() {
        return Jid.parse(credentials.get().me()).normalizedUser();
    }

    /** Runs {@code action} on the account's executor; its failure (thrown or completed) fails the result. */
    public <T> CompletableFuture<T> onExecutor(Supplier<CompletableFuture<T>> action) {
        return io.wabridge.client.session.OnExecutor.call(executor, action);
    }

    /** Runs {@code task} now when already on the account's executor, else queues it there. */
    public void runHere(Runnable task) {
        if (executor.inExecutor()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }
}
