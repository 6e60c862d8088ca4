package io.wabridge.bridge.session;

import io.wabridge.client.session.Failures;
import io.wabridge.bridge.command.CommandResults;
import io.wabridge.bridge.contract.InvalidCommandException;
import io.wabridge.bridge.group.GroupCommands;
import io.wabridge.bridge.contract.MediaContract;
import io.wabridge.bridge.contract.OutgoingContent;
import io.wabridge.bridge.media.MediaCommands;
import io.wabridge.bridge.media.MediaConfig;
import io.wabridge.client.media.MediaRetry;
import io.wabridge.proto.v1.DownloadMedia;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.MediaFailed;
import io.wabridge.proto.v1.MediaStored;
import io.wabridge.bridge.protection.OutboundRateLimiter;
import io.wabridge.client.WaClient;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.Connect;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.MarkRead;
import io.wabridge.proto.v1.SendChatState;
import io.wabridge.proto.v1.SendMessage;
import io.wabridge.proto.v1.SendReceipt;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Executes a valid command on its session, on the session's lane. The returned future completes with the result
 * once the command's effect is in place: connect when the session is registered as wanted connected and its client
 * started (for a pairing code: when the code was obtained), disconnect when the connection is closed, logout when
 * the device is unlinked and its state wiped.
 */
public final class SessionCommands {

    private final SessionManager sessions;
    private final SessionRegistry registry;
    private final Duration pairingCodeTimeout;
    private final Duration openWait;
    private final OutboundRateLimiter limiter;
    private MediaCommands media;
    private io.wabridge.bridge.call.CallCommands calls = new io.wabridge.bridge.call.CallCommands(
            io.wabridge.client.call.Calls.AutoReject.OFF);
    private MediaConfig.DownloadMode downloadMode = MediaConfig.DownloadMode.LAZY;
    private final java.util.function.Consumer<OutboundRateLimiter.Limit> limited;

    /**
     * @param openWait how long a command that needs an open connection waits while a session its owner wants
     *                 connected is (re)connecting, e.g. right after a hand-over, before it fails with NOT_CONNECTED
     */
    public SessionCommands(SessionManager sessions, Duration pairingCodeTimeout, Duration openWait) {
        this(sessions, pairingCodeTimeout, openWait, new OutboundRateLimiter(0, 0, 0, System::nanoTime), l -> { });
    }

    /**
     * @param limiter each send_message takes one message from its session's budget first; over it the command
     *                fails with RATE_LIMITED and {@code limited} is told which limit (a metric)
     */
    public SessionCommands(SessionManager sessions, Duration pairingCodeTimeout, Duration openWait,
                           OutboundRateLimiter limiter, java.util.function.Consumer<OutboundRateLimiter.Limit> limited) {
        this.limiter = limiter;
        this.limited = limited;
        this.sessions = sessions;
        this.registry = sessions.registry();
        this.pairingCodeTimeout = pairingCodeTimeout;
        this.openWait = openWait;
    }

    /** Commands that go to an open connection (send_message, mark_read, ...): they may be pipelined. */
    public static boolean messaging(CommandEnvelope.CommandCase kind) {
        return switch (kind) {
            case SEND_MESSAGE, MARK_READ, SEND_RECEIPT, SEND_PRESENCE, SEND_CHATSTATE, SUBSCRIBE_PRESENCE,
                 DOWNLOAD_MEDIA, REQUEST_HISTORY, ARCHIVE_CHAT, PIN_CHAT, MUTE_CHAT, MARK_CHAT_READ, STAR_MESSAGE,
                 SET_CONTACT_NAME, EDIT_LABEL, LABEL_CHAT -> true;
            default -> false;
        };
    }

    /**
     * Lane: whether {@link #execute} hands this command to the session's client at once, in this call (an open
     * session, known to be registered): then the session's next send may start before this one is acked.
     */
    public boolean handsOverAtOnce(Session s, CommandEnvelope command) {
        return messaging(command.getCommandCase()) && !mediaSend(command) && !ArchiveQueries.quotesFromArchive(command)
                && s.client != null && s.state() == SessionState.OPEN
                && s.desired() != null && s.desired() != DesiredState.LOGGED_OUT;
    }

    /** Lane only (run it as an enqueued step). */
    public CompletableFuture<CommandResult> execute(Session s, CommandEnvelope command) {
        if (command.hasRequestHistory() && command.getRequestHistory().getFromArchive()) {
            return query(s, command); // answered from the message archive, the phone is not asked
        }
        return switch (command.getCommandCase()) {
            case CONNECT -> connect(s, command.getCommandId(), command.getConnect());
            case DISCONNECT -> disconnect(s, command.getCommandId());
            case LOGOUT -> logout(s, command.getCommandId());
            case SEND_MESSAGE, MARK_READ, SEND_RECEIPT, SEND_PRESENCE, SEND_CHATSTATE, SUBSCRIBE_PRESENCE,
                 DOWNLOAD_MEDIA, REQUEST_HISTORY, ARCHIVE_CHAT, PIN_CHAT, MUTE_CHAT, MARK_CHAT_READ, STAR_MESSAGE,
                 SET_CONTACT_NAME, EDIT_LABEL, LABEL_CHAT -> messaging(s, command);
            case GET_CONTACTS, GET_CHATS, GET_MESSAGES, GET_LABELS -> query(s, command);
            case REJECT_CALL, BLOCK_CONTACT, UNBLOCK_CONTACT, GET_BLOCKLIST, GET_PRIVACY_SETTINGS, SET_PRIVACY_SETTING,
                 RESYNC_APP_STATE, SET_DEFAULT_DISAPPEARING, SET_CHAT_DISAPPEARING -> messaging(s, command); // an open session, one at a time (not pipelined)
            case SET_CALL_SETTINGS -> calls.settings(s.id(), s.client, command.getSetCallSettings());
            case CREATE_GROUP, UPDATE_GROUP_PARTICIPANTS, SET_GROUP_SUBJECT, SET_GROUP_DESCRIPTION, SET_GROUP_SETTINGS,
                 LEAVE_GROUP, GET_GROUP_INVITE_CODE, JOIN_GROUP, GET_GROUP_METADATA, LIST_GROUPS ->
                    messaging(s, command); // an open session, one at a time (not pipelined)
            case SET_PUSH_NAME, GET_PUSH_NAME, SET_ABOUT, SET_PROFILE_PICTURE, REMOVE_PROFILE_PICTURE, GET_PROFILE_PICTURE,
                 GET_ABOUT, CHECK_ON_WHATSAPP, GET_BUSINESS_PROFILE -> messaging(s, command); // profile.proto
            case FOLLOW_NEWSLETTER, UNFOLLOW_NEWSLETTER, GET_NEWSLETTER_METADATA, LIST_NEWSLETTERS,
                 GET_NEWSLETTER_MESSAGES, SEND_NEWSLETTER_POST, REACT_TO_NEWSLETTER_POST, MUTE_NEWSLETTER,
                 CREATE_NEWSLETTER, MARK_NEWSLETTER_VIEWED -> messaging(s, command); // as the group commands
            case CREATE_COMMUNITY, LIST_COMMUNITIES, LINK_COMMUNITY_GROUP, UNLINK_COMMUNITY_GROUP,
                 GET_COMMUNITY_METADATA -> messaging(s, command); // communities.proto, as the group commands
            case SEND_STATUS, MARK_STATUS_SEEN -> messaging(s, command); // status.proto, as the group commands
            default -> CompletableFuture.completedFuture(CommandResults.error(ErrorCode.UNKNOWN_COMMAND,
                    "no command set")); // the validator let it through: a contract newer than this code
        };
    }

    private CompletableFuture<CommandResult> connect(Session s, String commandId, Connect connect) {
        Optional<SessionRecord> before = registry.desire(s.id(), DesiredState.CONNECTED, s.partition(),
                Math.max(sessions.partitionCount(), 1));
        s.desired(DesiredState.CONNECTED);
        if (s.me().getPn().isEmpty() && before.isPresent() && before.get().mePn() != null
                && before.get().desired() != DesiredState.LOGGED_OUT) {
            s.me(ClientEventMapper.me(before.get().mePn(), before.get().meLid()));
        }
        return sessions.lease(s).thenCompose(leased -> connectLeased(s, commandId, connect));
    }

    private CompletableFuture<CommandResult> connectLeased(Session s, String commandId, Connect connect) {
        if (s.client == null || s.state() != SessionState.OPEN) {
            s.causation = commandId; // the connection events that follow are this command's effect
        }
        WaClient client = sessions.clientOf(s);
        boolean linked = !s.me().getPn().isEmpty();
        if (!connect.hasPairingCode() || linked) {
            s.pairingPhone = null;
            return client.connect().thenApply(v -> CommandResults.ok());
        }
        String phone = connect.getPairingCode().getPhone();
        s.pairingPhone = phone;
        CompletableFuture<Void> ready;
        if (s.state() == SessionState.PAIRING) {
            ready = CompletableFuture.completedFuture(null);
        } else {
            ready = new CompletableFuture<>();
            s.pairingReady = ready;
            client.connect();
        }
        return ready.orTimeout(pairingCodeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(v -> client.requestPairingCode(phone))
                .handle((code, failure) -> {
                    if (failure == null) {
                        return CommandResults.ok();
                    }
                    if (Failures.unwrap(failure) instanceof TimeoutException) {
                        return CommandResults.error(ErrorCode.TIMEOUT, "the connection did not reach pairing within "
                                + pairingCodeTimeout.toSeconds() + " s");
                    }
                    return CommandResults.failure(failure);
                });
    }

    private CompletableFuture<CommandResult> disconnect(Session s, String commandId) {
        if (!known(s)) {
            return unknown(s);
        }
        registry.desire(s.id(), DesiredState.DISCONNECTED);
        s.desired(DesiredState.DISCONNECTED);
        WaClient client = s.client;
        if (client == null) {
            return CompletableFuture.completedFuture(CommandResults.ok());
        }
        s.causation = commandId;
        CompletableFuture<CommandResult> done = new CompletableFuture<>();
        client.disconnect().whenComplete((ok, failure) -> s.lane().execute(() -> {
            if (s.client == client) {
                sessions.dropClient(s);
            }
            done.complete(failure == null ? CommandResults.ok() : CommandResults.failure(failure));
        }));
        return done;
    }

    private CompletableFuture<CommandResult> logout(Session s, String commandId) {
        if (!known(s)) {
            return unknown(s);
        }
        registry.desire(s.id(), DesiredState.LOGGED_OUT);
        s.desired(DesiredState.LOGGED_OUT);
        s.causation = commandId;
        CompletableFuture<CommandResult> done = new CompletableFuture<>();
        // Not connected: the client still wipes the stored state and reports LoggedOut.
        sessions.lease(s).thenCompose(leased -> sessions.clientOf(s).logout()).whenComplete((ok, failure) ->
                s.lane().execute(() -> done.complete(failure == null ? CommandResults.ok() : CommandResults.failure(failure))));
        return done;
    }

    /**
     * send_message, mark_read, send_receipt, send_presence, send_chatstate on an open session (the last two complete
     * once written: WhatsApp answers neither). A message's id derives from the command id, so a
     * command delivered again after a crash (before its result was logged) reuses the id: one message arrives.
     */
    private CompletableFuture<CommandResult> messaging(Session s, CommandEnvelope command) {
        if (!known(s)) {
            return unknown(s);
        }
        if (command.getCommandCase() == CommandEnvelope.CommandCase.SEND_MESSAGE) {
            OutboundRateLimiter.Decision decision = limiter.tryAcquire(s.id());
            if (!decision.allowed()) {
                limited.accept(decision.limit());
                return CompletableFuture.completedFuture(rateLimited(decision));
            }
        }
        return whenOpen(s, command, System.nanoTime() + openWait.toNanos());
    }

    /**
     * Runs the command on the open session. While the session is wanted connected but not open (reconnecting,
     * handed over, its lease just lost and about to be resumed) it waits for it, until {@code deadlineNanos}; a
     * send the connection dropped under is tried again once it reopened: same command id, same WhatsApp message
     * id, so the recipient never gets two.
     */
    private CompletableFuture<CommandResult> whenOpen(Session s, CommandEnvelope command, long deadlineNanos) {
        if (s.client != null && s.state() == SessionState.OPEN) {
            return openMessaging(s, command).handleAsync((result, failure) -> {
                if (failure == null) {
                    return CompletableFuture.completedFuture(result);
                }
                boolean dropped = ErrorCode.NOT_CONNECTED.name().equals(CommandResults.codeOf(CommandResults.failure(failure)));
                boolean inTime = waitsForOpen(s) && deadlineNanos - System.nanoTime() > STORE_RETRY.toNanos();
                if (!dropped && inTime && storeFailure(failure)) {
                    // MongoDB did not answer: nothing was sent without its state stored; try again (same id).
                    return CompletableFuture.runAsync(() -> { },
                                    CompletableFuture.delayedExecutor(STORE_RETRY.toMillis(), TimeUnit.MILLISECONDS, s.lane()))
                            .thenCompose(v -> whenOpen(s, command, deadlineNanos));
                }
                if (dropped && waitsForOpen(s) && deadlineNanos - System.nanoTime() > 0) {
                    // The connection went under the send; its Close may not have been handled yet: wait for the
                    // next open, whatever the state says now.
                    return awaitThen(s, command, deadlineNanos, true);
                }
                return CompletableFuture.<CommandResult>failedFuture(failure);
            }, s.lane()).thenCompose(next -> next);
        }
        if (!waitsForOpen(s)) {
            return notOpen(s);
        }
        return awaitThen(s, command, deadlineNanos, false);
    }

    private CompletableFuture<CommandResult> awaitThen(Session s, CommandEnvelope command, long deadlineNanos,
                                                       boolean nextOpen) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.completedFuture(didNotOpen(s, new TimeoutException()));
        }
        return sessions.awaitOpen(s, Duration.ofNanos(left), nextOpen).handleAsync((open, failure) -> failure, s.lane())
                .thenCompose(failure -> {
                    if (failure == null) {
                        return whenOpen(s, command, deadlineNanos);
                    }
                    Throwable cause = Failures.unwrap(failure);
                    if (cause instanceof NotOwnedException notOwned) {
                        throw notOwned; // let go meanwhile: the next owner runs the command
                    }
                    return CompletableFuture.completedFuture(didNotOpen(s, cause));
                });
    }

    private static final Duration STORE_RETRY = Duration.ofSeconds(1);

    private static boolean storeFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof com.mongodb.MongoException || c instanceof io.wabridge.client.store.StoreException) {
                return !(c instanceof io.wabridge.client.store.StoreFencedException);
            }
        }
        return false;
    }

    /** Wanted connected, and not being handed to another worker (a copy that lost its lease is resumed here). */
    private static boolean waitsForOpen(Session s) {
        return s.desired() == DesiredState.CONNECTED && (!s.releasing || s.stopping != null);
    }

    private CommandResult didNotOpen(Session s, Throwable cause) {
        return CommandResults.error(ErrorCode.NOT_CONNECTED, "session " + s.id() + " did not open"
                + (cause instanceof TimeoutException ? " within " + openWait.toSeconds() + " s" : ": " + cause.getMessage()));
    }

    private CompletableFuture<CommandResult> openMessaging(Session s, CommandEnvelope command) {
        WaClient client = s.client;
        if (client == null || s.state() != SessionState.OPEN) {
            return notOpen(s);
        }
        try {
            if (GroupCommands.handles(command.getCommandCase())) {
                return GroupCommands.run(client.groups(), command);
            }
            if (io.wabridge.bridge.profile.ProfileCommands.handles(command.getCommandCase())) {
                return io.wabridge.bridge.profile.ProfileCommands.run(client.profile(), command);
            }
            if (io.wabridge.bridge.newsletter.NewsletterCommands.handles(command.getCommandCase())) {
                return io.wabridge.bridge.newsletter.NewsletterCommands.run(client.newsletters(), command);
            }
            if (io.wabridge.bridge.community.CommunityCommands.handles(command.getCommandCase())) {
                return io.wabridge.bridge.community.CommunityCommands.run(client.communities(), command);
            }
            if (io.wabridge.bridge.blocking.BlockingCommands.handles(command.getCommandCase())) {
                return io.wabridge.bridge.blocking.BlockingCommands.run(client, command);
            }
            if (io.wabridge.bridge.disappearing.DisappearingContract.handles(command.getCommandCase())) {
                return io.wabridge.bridge.disappearing.DisappearingContract.run(client, command);
            }
            if (io.wabridge.bridge.status.StatusCommands.handles(command.getCommandCase())) {
                if (io.wabridge.bridge.status.StatusCommands.mediaPost(command) && media == null) {
                    return CompletableFuture.completedFuture(CommandResults.error(ErrorCode.UNKNOWN_COMMAND,
                            "send_status.content.media: this worker has no media configured"));
                }
                return io.wabridge.bridge.status.StatusCommands.run(client, command,
                        file -> media.prepare(s.id(), command.getCommandId(), client.media(), file));
            }
            if (command.getCommandCase() == CommandEnvelope.CommandCase.REJECT_CALL) {
                return io.wabridge.bridge.call.CallCommands.reject(client, command);
            }
            return switch (command.getCommandCase()) {
                case SEND_MESSAGE -> {
                    SendMessage m = command.getSendMessage();
                    if (mediaSend(command)) {
                        yield sendMedia(s, client, command);
                    }
                    long at = command.hasIssuedAt() ? command.getIssuedAt().getSeconds() * 1000
                            + command.getIssuedAt().getNanos() / 1_000_000 : System.currentTimeMillis();
                    io.wabridge.client.message.content.MessageContent content = OutgoingContent.of(m, m.getTo(), at);
                    if (ArchiveQueries.quotesFromArchive(command)) { // not handed over at once: the lane waits for it
                        yield ArchiveQueries.withQuotedContent(client, content)
                                .thenCompose(c -> client.sendMessage(Jid.parse(m.getTo()), c, command.getCommandId()))
                                .thenApply(sent -> CommandResults.ok(sent.messageId()));
                    }
                    yield client.sendMessage(Jid.parse(m.getTo()), content, command.getCommandId())
                            .thenApply(sent -> CommandResults.ok(sent.messageId()));
                }
                case MARK_READ -> {
                    MarkRead r = command.getMarkRead();
                    Jid chat = Jid.parse(r.getChat());
                    yield client.markRead(chat, r.getMessageIdsList(), optionalJid(r.getSender()))
                            .thenApply(v -> CommandResults.markedRead(chat.toString(), r.getMessageIdsCount(),
                                    java.time.Instant.now()));
                }
                case SEND_PRESENCE -> client.sendPresence(InboundEvents.clientPresence(
                        command.getSendPresence().getPresence())).thenApply(v -> CommandResults.ok());
                case SEND_CHATSTATE -> {
                    SendChatState c = command.getSendChatstate();
                    yield client.sendChatState(Jid.parse(c.getChat()), InboundEvents.clientChatState(c.getState()))
                            .thenApply(v -> CommandResults.ok());
                }
                case DOWNLOAD_MEDIA -> downloadMedia(s, client, command);
                case SUBSCRIBE_PRESENCE -> client.subscribePresence(Jid.parse(command.getSubscribePresence().getJid()))
                        .thenApply(v -> CommandResults.ok());
                case REQUEST_HISTORY -> {
                    io.wabridge.proto.v1.RequestHistory r = command.getRequestHistory();
                    yield client.history().request(Jid.parse(r.getChat()), r.getBefore().getId(),
                                    r.getBefore().getFromMe(), java.time.Instant.ofEpochSecond(
                                            r.getBefore().getTimestamp().getSeconds()), r.getCount())
                            .thenApply(CommandResults::ok);
                }
                case ARCHIVE_CHAT, PIN_CHAT, MUTE_CHAT, MARK_CHAT_READ, STAR_MESSAGE, SET_CONTACT_NAME, EDIT_LABEL, LABEL_CHAT ->
                        client.changeChats(java.util.List.of(AppStateEvents.action(command))).thenApply(v -> CommandResults.ok());
                case RESYNC_APP_STATE -> ArchiveQueries.resync(client, command.getResyncAppState());
                default -> {
                    SendReceipt r = command.getSendReceipt();
                    io.wabridge.client.receipt.ReceiptType type = InboundEvents.clientReceiptType(r.getType());
                    if (type == null) {
                        yield CompletableFuture.completedFuture(CommandResults.error(ErrorCode.INVALID_COMMAND,
                                "send_receipt.type " + r.getType() + " cannot be sent"));
                    }
                    yield client.sendReceipt(Jid.parse(r.getChat()), optionalJid(r.getSender()),
                            r.getMessageIdsList(), type).thenApply(v -> CommandResults.ok());
                }
            };
        } catch (InvalidCommandException e) {
            return CompletableFuture.completedFuture(e.toCommandResult());
        } catch (IllegalArgumentException e) { // the client's content checks (text too long, bad poll)
            return CompletableFuture.completedFuture(CommandResults.failure(e));
        }
    }

    /**
     * Media through the bridge: the worker's media work and whether received media may be downloaded (off: the
     * download_media command is refused with MEDIA_DOWNLOAD_OFF). Without it a media send is UNKNOWN_COMMAND.
     */
    public void media(MediaCommands value, MediaConfig.DownloadMode mode) {
        this.media = value;
        this.downloadMode = mode;
    }

    /** The worker's call settings (default: auto-reject off); their new clients get them through the session manager. */
    public void calls(io.wabridge.bridge.call.CallCommands value) {
        this.calls = value;
    }

    private static boolean mediaSend(CommandEnvelope command) {
        return command.getCommandCase() == CommandEnvelope.CommandCase.SEND_MESSAGE
                && command.getSendMessage().getContent().hasMedia();
    }

    /**
     * A send_message with media: the file is taken into the blob store and uploaded off the lane (or the upload kept
     * by an earlier delivery of the command is reused), then the message goes out through the session's ordinary
     * send, its id derived from the command id. The session's next commands wait for it (partition order), but its
     * lane does not: events and other sessions go on. If the connection is not open once the upload is done, the
     * send waits for it like any other (the upload is kept, so the retry does not upload again).
     */
    private CompletableFuture<CommandResult> sendMedia(Session s, WaClient client, CommandEnvelope command) {
        if (media == null) {
            return CompletableFuture.completedFuture(CommandResults.error(ErrorCode.UNKNOWN_COMMAND,
                    "send_message.content.media: this worker has no media configured"));
        }
        SendMessage m = command.getSendMessage();
        String commandId = command.getCommandId();
        return media.prepare(s.id(), commandId, client.media(), m.getContent().getMedia())
                .thenComposeAsync(prepared -> {
                    if (s.client != client || s.state() != SessionState.OPEN) {
                        return CompletableFuture.failedFuture(new NotConnectedException("session " + s.id()
                                + " closed while its media was uploaded"));
                    }
                    return client.sendMessage(Jid.parse(m.getTo()), prepared.media(), commandId)
                            .thenApply(sent -> CommandResults.ok(sent.messageId(), prepared.descriptor()));
                }, s.lane());
    }

    /**
     * download_media: the file downloaded, verified and put into the blob store off the lane (nothing if the store
     * holds it already), then a media_stored event (or media_failed with the code) on the lane, then the result.
     */
    private CompletableFuture<CommandResult> downloadMedia(Session s, WaClient client, CommandEnvelope command) {
        if (media == null || downloadMode == MediaConfig.DownloadMode.OFF) {
            return CompletableFuture.completedFuture(CommandResults.error(ErrorCode.MEDIA_DOWNLOAD_OFF,
                    "this bridge does not download media (wabridge.media.download=off): download it from the"
                            + " message event's direct_path with its media_key"));
        }
        DownloadMedia d = command.getDownloadMedia();
        io.wabridge.client.message.content.Media received;
        try {
            received = MediaContract.received(d.getMedia(), "download_media.media");
        } catch (InvalidCommandException e) {
            return CompletableFuture.completedFuture(e.toCommandResult());
        }
        MediaRetry.Origin origin = new MediaRetry.Origin(d.getMessageId(), Jid.parse(d.getChat()), d.getFromMe(),
                optionalJid(d.getSender()));
        return media.download(client.media(), received, origin).handleAsync((blob, failure) -> {
            SessionEvents events = sessions.events();
            EventEnvelope.Builder envelope = events.envelope(s);
            CommandResult result;
            if (failure == null) {
                io.wabridge.proto.v1.Media stored = d.getMedia().toBuilder().setBlobRef(blob.sha256()).build();
                envelope.setMediaStored(MediaStored.newBuilder().setMessageId(d.getMessageId()).setChat(d.getChat())
                        .setFromMe(d.getFromMe()).setSender(d.getSender()).setMedia(stored));
                result = CommandResults.ok("", stored);
            } else {
                result = CommandResults.failure(failure);
                ErrorCode code = errorCode(CommandResults.codeOf(result));
                envelope.setMediaFailed(MediaFailed.newBuilder().setMessageId(d.getMessageId()).setChat(d.getChat())
                        .setFromMe(d.getFromMe()).setSender(d.getSender()).setCode(code)
                        .setReason(result.getError().getMessage()).setMedia(d.getMedia()));
            }
            return events.publishCaused(s, command.getCommandId(), envelope).thenApply(v -> result);
        }, s.lane()).thenCompose(next -> next);
    }

    private static ErrorCode errorCode(String name) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return ErrorCode.INTERNAL;
        }
    }

    /**
     * get_contacts / get_chats / get_messages (and request_history from_archive): answered from the session's stores through its client, connected or not; a session
     * this worker does not run (never connected, logged out) is NOT_CONNECTED.
     */
    private CompletableFuture<CommandResult> query(Session s, CommandEnvelope command) {
        WaClient client = s.client;
        if (client == null) {
            return CompletableFuture.completedFuture(CommandResults.error(ErrorCode.NOT_CONNECTED, "session " + s.id()
                    + " is not running on this worker: connect it first (its contacts and chats live with it)"));
        }
        if (command.hasGetMessages() || command.hasRequestHistory()) {
            return ArchiveQueries.messages(client, command);
        }
        if (command.hasGetContacts()) {
            int limit = ContactEvents.limit(command.getGetContacts().getLimit());
            return client.contacts(ContactEvents.cursor(command.getGetContacts().getCursor()), limit)
                    .thenApply(page -> ContactEvents.contactsPage(page, limit));
        }
        if (command.hasGetLabels()) {
            int limit = ContactEvents.limit(command.getGetLabels().getLimit());
            return client.labels(ContactEvents.cursor(command.getGetLabels().getCursor()), limit)
                    .thenApply(page -> ContactEvents.labelsPage(page, limit));
        }
        int limit = ContactEvents.limit(command.getGetChats().getLimit());
        return client.chats(ContactEvents.cursor(command.getGetChats().getCursor()), limit)
                .thenApply(page -> ContactEvents.chatsPage(page, limit));

    }

    /** The RATE_LIMITED result (its text is in the README's example: keep both in sync). */
    public static CommandResult rateLimited(OutboundRateLimiter.Decision decision) {
        long ms = Math.max(1, decision.retryAfter().toMillis());
        String limit = decision.limit() == OutboundRateLimiter.Limit.PER_SECOND
                ? "messages per second (wabridge.limits.messages-per-second)"
                : "messages per day (wabridge.limits.messages-per-day)";
        return CommandResults.error(ErrorCode.RATE_LIMITED, "the session reached its limit of " + limit
                + "; nothing was sent: produce the command again (same command_id) after " + ms + " ms");
    }

    private static Jid optionalJid(String jid) {
        return jid.isEmpty() ? null : Jid.parse(jid);
    }

    private static CompletableFuture<CommandResult> notOpen(Session s) {
        return CompletableFuture.completedFuture(CommandResults.error(ErrorCode.NOT_CONNECTED,
                "session " + s.id() + " is " + s.state().wireName() + ", not open; send connect and wait for"
                        + " connection_update OPEN"));
    }

    /** True if the session is registered and not logged out; reads the registry unless a client runs it. */
    private boolean known(Session s) {
        if (s.client != null && s.desired() != null && s.desired() != DesiredState.LOGGED_OUT) {
            return true;
        }
        Optional<SessionRecord> record = registry.find(s.id());
        if (record.isEmpty() || record.get().desired() == DesiredState.LOGGED_OUT) {
            return false;
        }
        if (s.desired() == null) {
            s.desired(record.get().desired());
        }
        return true;
    }

    private static CompletableFuture<CommandResult> unknown(Session s) {
        return CompletableFuture.completedFuture(CommandResults.error(ErrorCode.UNKNOWN_SESSION, "no session "
                + s.id() + ": it was never connected, or it logged out; send connect first"));
    }
}
