package io.wabridge.client.disappearing;

import io.wabridge.client.OwnConnection;
import io.wabridge.client.binary.Node;
import io.wabridge.client.chats.ChatBook;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.group.GroupAdminException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Edit;
import io.wabridge.client.message.content.EphemeralSetting;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Revoke;
import io.wabridge.client.message.content.Unknown;
import io.wabridge.client.session.Failures;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.store.ChatThread;
import io.wabridge.proto.wa.Message;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One account's disappearing messages, as whatsmeow and Baileys do them:
 * <ul>
 *   <li>the default timer for new chats: {@code <iq xmlns="disappearing_mode" type="set" to="s.whatsapp.net">
 *       <disappearing_mode duration=SECONDS/></iq>};</li>
 *   <li>a 1:1 chat's timer: a protocol message {@code EPHEMERAL_SETTING} with {@code ephemeralExpiration} (and its
 *       setting time) sent to the contact; the contact's (or our other device's) one changes it here;</li>
 *   <li>a group's timer: {@code w:g2} {@code <ephemeral expiration/>} / {@code <not_ephemeral/>} (admins only
 *       when the group is locked); the {@code w:gp2} notification ({@code GroupUpdate} EPHEMERAL) changes it here;</li>
 *   <li>every outgoing message to a chat with a timer carries {@code contextInfo.expiration} (and
 *       {@code ephemeralSettingTimestamp}), {@link Expiration#stamp}; received ones expose theirs,
 *       {@link Expiration#of}.</li>
 * </ul>
 * Each chat's timer is kept with the chat ({@link ChatThread#ephemeralExpiration()}) in the session's threads store
 * (fenced like every write); a change reaches the listener as {@link ClientEvent.Disappearing} once stored, a received
 * one with its message's batch (before the message is acknowledged). WhatsApp offers 24 hours, 7 days and 90 days
 * ({@link #DURATIONS}); other values are refused here, received ones are kept as they come. Runs on the account's
 * serial executor; the public methods may be called from any thread.
 */
public final class Disappearing {

    /** The timers WhatsApp offers, in seconds: off, 24 hours, 7 days, 90 days. */
    public static final List<Integer> DURATIONS = List.of(0, 86_400, 604_800, 7_776_000);

    private final OwnConnection link;
    private final ChatBook chats;
    private final GroupAdmin groups;
    private final Consumer<ClientEvent> emit;
    private final Clock clock;
    /** Group timers this client asked for and whose notification has not come yet: group -> seconds. */
    private final Map<Jid, Integer> ownGroupChanges = new HashMap<>();

    public Disappearing(OwnConnection link, ChatBook chats, Consumer<ClientEvent> emit, RandomGenerator random,
                        Clock clock) {
        this.link = Objects.requireNonNull(link, "link");
        this.chats = Objects.requireNonNull(chats, "chats");
        this.emit = Objects.requireNonNull(emit, "emit");
        this.groups = new GroupAdmin(link::sendIq, link.iqTimeout(), random);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether WhatsApp offers this timer. */
    public static boolean allowed(int seconds) {
        return DURATIONS.contains(seconds);
    }

    /**
     * Sets the account's default timer for new chats ({@code seconds} one of {@link #DURATIONS}); completes once the
     * server took it, with the {@link TimerChange} it made (also emitted as an event).
     */
    public CompletableFuture<TimerChange> setDefault(int seconds) {
        if (!allowed(seconds)) {
            return CompletableFuture.failedFuture(invalidDuration(seconds));
        }
        Node iq = Node.builder("iq").attr("to", Jid.SERVER).attr("type", "set").attr("xmlns", "disappearing_mode")
                .child(Node.builder("disappearing_mode").attr("duration", seconds).build()).build();
        return link.sendIq(iq).handle((answer, failure) -> {
            if (failure != null) {
                throw refused(failure, "the default disappearing timer");
            }
            return new TimerChange(TimerChange.Scope.DEFAULT, null, seconds, clock.instant(), null, false);
        }).thenCompose(change -> link.onExecutor(() -> {
            emit.accept(new ClientEvent.Disappearing(change));
            return CompletableFuture.completedFuture(change);
        }));
    }

    /**
     * Sets a chat's timer ({@code seconds} one of {@link #DURATIONS}, 0 = off): a user (phone number or LID) gets an
     * {@code EPHEMERAL_SETTING} message, a group the {@code w:g2} setting. Completes once sent (1:1) or accepted
     * (group) and stored; fails with {@link DisappearingException} (INVALID_DURATION, INVALID_CHAT) or, for a group,
     * the {@link GroupAdminException} of the setting (NOT_ADMIN in a locked group, NOT_A_PARTICIPANT, ...).
     */
    public CompletableFuture<TimerChange> setChat(Jid chat, int seconds) {
        Objects.requireNonNull(chat, "chat");
        if (!allowed(seconds)) {
            return CompletableFuture.failedFuture(invalidDuration(seconds));
        }
        Jid target = chat.isGroup() ? chat : chat.toNonAd();
        if (!(target.isGroup() || target.isPn() || target.isLid())) {
            return CompletableFuture.failedFuture(new DisappearingException(DisappearingException.Reason.INVALID_CHAT, 0,
                    chat + " has no disappearing-messages timer (a user or a group only)", null));
        }
        long at = clock.instant().getEpochSecond();
        CompletableFuture<?> sent;
        if (target.isGroup()) {
            sent = link.onExecutor(() -> {
                ownGroupChanges.put(target, seconds);
                return groups.setEphemeral(target, seconds);
            });
        } else {
            sent = link.sendMessage(target, new EphemeralSetting(seconds, at));
        }
        return sent.handle((ok, failure) -> {
            if (failure != null) {
                throw refused(failure, "the disappearing timer of " + target);
            }
            return new TimerChange(target.isGroup() ? TimerChange.Scope.GROUP : TimerChange.Scope.CHAT,
                    chats.key(target), seconds, Instant.ofEpochSecond(at), null, false);
        }).thenCompose(change -> link.onExecutor(() -> {
            if (target.isGroup()) {
                ownGroupChanges.remove(target);
            }
            chats.ephemeral(target, seconds, at, false, true, new ClientEvent.Disappearing(change));
            return CompletableFuture.completedFuture(change);
        }));
    }

    /** A chat's timer as kept (0 = off); completes on the account's executor (may read the store). */
    public CompletableFuture<Integer> timer(Jid chat) {
        Objects.requireNonNull(chat, "chat");
        return link.onExecutor(() -> CompletableFuture.completedFuture(chats.chat(chat).ephemeralExpiration()));
    }

    // ---- the message flow (on the account's executor) ----

    /**
     * What goes on the wire for {@code content} sent to {@code chat}: with the chat's timer in its context when the
     * chat has one and the content has a context (not reactions, edits, revokes, settings, nor raw messages, which
     * are sent as built).
     */
    public MessageContent outgoing(Jid chat, MessageContent content) {
        if (content instanceof Reaction || content instanceof Edit || content instanceof Revoke
                || content instanceof EphemeralSetting || content instanceof Unknown
                || !(chat.isGroup() || chat.isPn() || chat.isLid())) {
            return content;
        }
        ChatThread thread = chats.chat(chat);
        if (thread.ephemeralExpiration() <= 0) {
            return content;
        }
        Message encoded = MessageContentCodec.encode(content);
        Message stamped = Expiration.stamp(encoded, thread.ephemeralExpiration(), thread.ephemeralSettingTimestamp());
        return stamped == encoded ? content : new Unknown(stamped);
    }

    /**
     * A received message (with its batch, before it is acknowledged): an {@code EPHEMERAL_SETTING} in a 1:1 chat, from
     * the contact or from our own other device, sets that chat's timer.
     */
    public void received(ClientEvent.MessageReceived m) {
        if (!(m.content() instanceof EphemeralSetting setting) || m.chat().isGroup()
                || !(m.chat().isPn() || m.chat().isLid())) {
            return;
        }
        long at = setting.settingTimestamp() > 0 ? setting.settingTimestamp() : m.timestamp().getEpochSecond();
        Jid actor = m.senderPn() != null ? m.senderPn() : m.sender().normalizedUser();
        chats.ephemeral(m.chat(), setting.expirationSeconds(), at, true, false, new ClientEvent.Disappearing(
                new TimerChange(TimerChange.Scope.CHAT, chats.key(m.chat()), setting.expirationSeconds(),
                        Instant.ofEpochSecond(at), actor, true)));
    }

    /** Any other event handed off: a group's timer change ({@code w:gp2}) is kept and reported. */
    public void observed(ClientEvent event) {
        if (!(event instanceof ClientEvent.GroupUpdate g) || g.kind() != ClientEvent.GroupUpdate.Kind.EPHEMERAL) {
            return;
        }
        Integer asked = ownGroupChanges.get(g.group());
        boolean ours = asked != null && asked == g.ephemeralSeconds();
        if (ours) {
            ownGroupChanges.remove(g.group());
        }
        chats.ephemeral(g.group(), g.ephemeralSeconds(), g.timestamp().getEpochSecond(), false, ours,
                new ClientEvent.Disappearing(new TimerChange(TimerChange.Scope.GROUP, g.group(), g.ephemeralSeconds(),
                        g.timestamp(), g.actorPn() != null ? g.actorPn() : g.actor(), !ours)));
    }

    /** The account was logged out. */
    public void reset() {
        ownGroupChanges.clear();
    }

    private static DisappearingException invalidDuration(int seconds) {
        return new DisappearingException(DisappearingException.Reason.INVALID_DURATION, 0,
                "disappearing timer " + seconds + " s is not one WhatsApp offers: " + DURATIONS, null);
    }

    private static RuntimeException refused(Throwable failure, String what) {
        Throwable cause = Failures.unwrap(failure);
        if (cause instanceof GroupAdminException e) {
            return e; // NOT_ADMIN (a locked group), NOT_A_PARTICIPANT, GROUP_NOT_FOUND, ... as for any group setting
        }
        if (cause instanceof IqErrorException e) {
            return new DisappearingException(DisappearingException.Reason.REJECTED, e.code(),
                    what + " refused: " + e.code() + " " + e.text(), e);
        }
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }
}
