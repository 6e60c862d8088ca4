package io.wabridge.client.blocking;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's block list and privacy settings. Requests are iqs to {@code s.whatsapp.net} on the open connection:
 * {@code <iq xmlns="blocklist" type="get"/>} answered {@code <list dhash><item jid/>...}; {@code <iq
 * xmlns="blocklist" type="set"><item jid=LID action="block|unblock" [pn_jid=PN]/>} answered with the new list;
 * {@code <iq xmlns="privacy" type="get"><privacy/>} answered {@code <privacy><category name value/>...}; {@code <iq
 * xmlns="privacy" type="set"><privacy><category name value/></privacy>}. The block list is kept once read, so that
 * block and unblock can say ALREADY_BLOCKED / NOT_BLOCKED without asking. A change this client makes emits an
 * {@link AccountSettingsUpdate} (not elsewhere); the server's {@code <notification type="account_sync">} about a
 * change on another device ({@code <blocklist><item jid action/>}, {@code <privacy><category name value/>}) emits
 * one (elsewhere) per child, a child it does not model an UNKNOWN one; the notification is acknowledged after its
 * events were handed off. Runs on the account's serial executor; public methods may be called from any thread.
 */
public final class Blocking {
    private static final Logger LOG = LoggerFactory.getLogger(Blocking.class);

    /** What this coordinator needs of the account. */
    public interface Link {
        /** Our own user JIDs, to refuse blocking ourselves. */
        Jid ownUser();

        Jid ownLid();

        /** The LID of a phone-number user when known, else empty. */
        Optional<Jid> lidFor(Jid pn);

        /** The phone number of a LID user when known, else empty. */
        Optional<Jid> pnFor(Jid lid);
    }

    private final String sessionId;
    private final Executor executor;
    private final Function<ClientEvent, java.util.concurrent.CompletionStage<Void>> handOff;
    private final Consumer<ClientEvent> emit;
    private final Link link;
    private final Clock clock;
    private final Duration iqTimeout;
    private StanzaRouter router;
    /** The block list as last read (user JIDs), null until read. */
    private Set<Jid> blocked;

    public Blocking(String sessionId, Executor executor,
                    Function<ClientEvent, java.util.concurrent.CompletionStage<Void>> handOff, Consumer<ClientEvent> emit,
                    Link link, Clock clock, Duration iqTimeout) {
        this.sessionId = sessionId;
        this.executor = executor;
        this.handOff = handOff;
        this.emit = emit;
        this.link = link;
        this.clock = clock;
        this.iqTimeout = iqTimeout;
    }

    /** Installs the {@code account_sync} notification handler on a login connection (on the executor). */
    public void install(StanzaRouter connection) {
        this.router = connection;
        connection.on(StanzaMatcher.tagAndType("notification", "account_sync"), node -> accountSync(connection, node));
    }

    /** The connection ended (on the executor). */
    public void connectionClosed(StanzaRouter connection) {
        if (router == connection) {
            router = null;
        }
    }

    /** The account was logged out (on the executor). */
    public void reset() {
        blocked = null;
        router = null;
    }

    /** The users this account blocked, as the server lists them (user JIDs, LIDs on LID-migrated accounts). */
    public CompletableFuture<List<Jid>> blocklist() {
        return run(() -> fetchList().thenApply(List::copyOf));
    }

    /** Blocks a user (pn or lid JID); completes with the new block list. */
    public CompletableFuture<List<Jid>> block(Jid user) {
        return change(user, true);
    }

    /** Unblocks a user; completes with the new block list. */
    public CompletableFuture<List<Jid>> unblock(Jid user) {
        return change(user, false);
    }

    /** The account's privacy settings: category name -> value, as the server has them. */
    public CompletableFuture<Map<String, String>> privacySettings() {
        return run(() -> iq("get", "privacy", Node.of("privacy")).thenApply(answer -> {
            Node privacy = answer.child("privacy");
            return privacy == null ? Map.<String, String>of() : categories(privacy);
        }));
    }

    /**
     * Sets one privacy setting ({@code category}: last, online, profile, status, groupadd, readreceipts, calladd,
     * messages, ...; {@code value}: all, contacts, contact_blacklist, none, match_last_seen, known, ...); completes
     * with the settings after the change.
     */
    public CompletableFuture<Map<String, String>> setPrivacy(String category, String value) {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(value, "value");
        return run(() -> iq("set", "privacy", Node.builder("privacy").child(Node.builder("category")
                        .attr("name", category).attr("value", value).build()).build())
                .handle((answer, failure) -> {
                    if (failure != null) {
                        throw refused(failure, BlockingException.Reason.PRIVACY_REJECTED,
                                "privacy " + category + "=" + value);
                    }
                    Map<String, String> changed = new LinkedHashMap<>();
                    changed.put(category, value);
                    emit.accept(new ClientEvent.AccountSettings(new AccountSettingsUpdate(
                            AccountSettingsUpdate.Kind.PRIVACY, null, changed, "privacy", null, false, clock.instant())));
                    return answer;
                })
                .thenCompose(v -> iq("get", "privacy", Node.of("privacy")))
                .thenApply(answer -> {
                    Node privacy = answer.child("privacy");
                    return privacy == null ? Map.<String, String>of() : categories(privacy);
                }));
    }

    private CompletableFuture<List<Jid>> change(Jid user, boolean block) {
        Objects.requireNonNull(user, "user");
        Jid target = user.normalizedUser();
        return run(() -> fetchList().thenCompose(current -> {
            if (target.sameUser(link.ownUser()) || (link.ownLid() != null && target.sameUser(link.ownLid()))) {
                throw new BlockingException(BlockingException.Reason.BLOCK_REJECTED, 0,
                        "this account cannot " + (block ? "block" : "unblock") + " itself", null);
            }
            Jid lid = target.isLid() ? target : link.lidFor(target).orElse(null);
            Jid pn = target.isPn() ? target : link.pnFor(target).orElse(null);
            boolean listed = current.contains(target) || (lid != null && current.contains(lid))
                    || (pn != null && current.contains(pn));
            if (block && listed) {
                throw new BlockingException(BlockingException.Reason.ALREADY_BLOCKED, 0, target + " is blocked already", null);
            }
            if (!block && !listed) {
                throw new BlockingException(BlockingException.Reason.NOT_BLOCKED, 0, target + " is not blocked", null);
            }
            Jid named = !block && !current.contains(lid) && pn != null && current.contains(pn) ? pn
                    : lid != null ? lid : target;
            NodeBuilder item = Node.builder("item").attr("jid", named).attr("action", block ? "block" : "unblock");
            if (block && pn != null && !named.equals(pn)) {
                item.attr("pn_jid", pn);
            }
            return iq("set", "blocklist", item.build()).handle((answer, failure) -> {
                if (failure != null) {
                    throw refused(failure, BlockingException.Reason.BLOCK_REJECTED, (block ? "block " : "unblock ") + target);
                }
                Node list = answer.child("list");
                if (list != null) {
                    blocked = items(list);
                } else if (block) {
                    blocked.add(named);
                } else {
                    blocked.remove(named);
                }
                emit.accept(new ClientEvent.AccountSettings(new AccountSettingsUpdate(AccountSettingsUpdate.Kind.BLOCKLIST,
                        List.of(new AccountSettingsUpdate.BlockChange(named, block)), null, "blocklist", null, false,
                        clock.instant())));
                return List.copyOf(blocked);
            });
        }));
    }

    private CompletableFuture<Set<Jid>> fetchList() {
        if (blocked != null) {
            return CompletableFuture.completedFuture(blocked);
        }
        return iq("get", "blocklist", null).thenApply(answer -> {
            Node list = answer.child("list");
            blocked = list == null ? new LinkedHashSet<>() : items(list);
            return blocked;
        });
    }

    private CompletableFuture<Node> iq(String type, String xmlns, Node child) {
        StanzaRouter connection = router;
        if (connection == null || connection.isClosed()) {
            throw new IllegalStateException("not connected: wait for the Open event");
        }
        NodeBuilder iq = Node.builder("iq").attr("to", Jid.SERVER).attr("type", type).attr("xmlns", xmlns);
        if (child != null) {
            iq.child(child);
        }
        return connection.sendIq(iq.build(), iqTimeout);
    }

    private <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> action) {
        return io.wabridge.client.session.OnExecutor.callUnwrapped(executor, action);
    }

    private static RuntimeException refused(Throwable failure, BlockingException.Reason reason, String what) {
        Throwable cause = io.wabridge.client.session.Failures.unwrap(failure);
        if (cause instanceof IqErrorException e) {
            return new BlockingException(reason, e.code(), what + " refused: " + e.code() + " " + e.text(), e);
        }
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }

    private static Set<Jid> items(Node list) {
        Set<Jid> out = new LinkedHashSet<>();
        for (Node item : list.children("item")) {
            Jid jid = jid(item, "jid");
            if (jid != null) {
                out.add(jid.normalizedUser());
            }
        }
        return out;
    }

    private static Map<String, String> categories(Node privacy) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node c : privacy.children("category")) {
            String name = c.attr("name");
            String value = c.attr("value");
            if (name != null && value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    private static Jid jid(Node node, String key) {
        try {
            return node.jidAttr(key);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code <notification type="account_sync">}: one event per child, acknowledged once they were handed off. */
    private void accountSync(StanzaRouter connection, Node node) {
        Instant at = time(node.attr("t"));
        List<AccountSettingsUpdate> updates = new ArrayList<>();
        for (Node child : node.children()) {
            try {
                updates.add(switch (child.tag()) {
                    case "blocklist" -> {
                        List<AccountSettingsUpdate.BlockChange> changes = new ArrayList<>();
                        for (Node item : child.children()) {
                            Jid jid = jid(item, "jid");
                            String action = item.attr("action", child.attr("action", ""));
                            if (jid != null && (action.equals("block") || action.equals("unblock"))) {
                                changes.add(new AccountSettingsUpdate.BlockChange(jid.normalizedUser(), action.equals("block")));
                                if (blocked != null) {
                                    if (action.equals("block")) {
                                        blocked.add(jid.normalizedUser());
                                    } else {
                                        blocked.remove(jid.normalizedUser());
                                    }
                                }
                            }
                        }
                        if (changes.isEmpty()) {
                            blocked = null; // a list change we cannot read: read it again when next needed
                        }
                        yield new AccountSettingsUpdate(AccountSettingsUpdate.Kind.BLOCKLIST, changes, null, "blocklist",
                                changes.isEmpty() ? child.attrs() : null, true, at);
                    }
                    case "privacy" -> new AccountSettingsUpdate(AccountSettingsUpdate.Kind.PRIVACY, null,
                            categories(child), "privacy", null, true, at);
                    default -> new AccountSettingsUpdate(AccountSettingsUpdate.Kind.UNKNOWN, null, null, child.tag(),
                            child.attrs(), true, at);
                });
            } catch (RuntimeException e) {
                LOG.warn("[{}] account_sync child not understood: {}", sessionId, child, e);
                updates.add(new AccountSettingsUpdate(AccountSettingsUpdate.Kind.UNKNOWN, null, null, child.tag(),
                        child.attrs(), true, at));
            }
        }
        CompletableFuture<Void> handed = CompletableFuture.completedFuture(null);
        for (AccountSettingsUpdate u : updates) {
            handed = handed.thenCompose(v -> handOff.apply(new ClientEvent.AccountSettings(u)).toCompletableFuture());
        }
        handed.whenComplete((v, failure) -> executor.execute(() -> {
            if (failure != null) {
                LOG.warn("[{}] account_sync events not handed off; left unacknowledged: {}", sessionId, failure.toString());
            } else if (!connection.isClosed()) {
                connection.send(Acks.ackFor(node));
            }
        }));
    }

    private Instant time(String t) {
        try {
            return t == null ? clock.instant() : Instant.ofEpochSecond(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return clock.instant();
        }
    }
}
