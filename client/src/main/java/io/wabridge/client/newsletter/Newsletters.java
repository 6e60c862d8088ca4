package io.wabridge.client.newsletter;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.send.MessageTypes;
import io.wabridge.client.send.ServerAcks;
import io.wabridge.client.session.Failures;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.proto.wa.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's newsletters (WhatsApp channels). Requests go on the account's open connection, on its executor:
 * <ul>
 *   <li>{@code w:mex} GraphQL iqs: {@link #metadata}, {@link #metadataByInvite}, {@link #followed}, {@link #create},
 *       {@link #follow}, {@link #unfollow}, {@link #mute};</li>
 *   <li>{@code newsletter} iqs: {@link #messages} ({@code <messages type=jid jid count before>} to the server),
 *       {@link #liveUpdates} ({@code <live_updates>} to the newsletter: counts pushed for a while);</li>
 *   <li>stanzas: {@link #post} ({@code <message to=NL type><plaintext>} as an admin, acked with the post's
 *       {@code server_id}), {@link #react} ({@code <message type=reaction server_id><reaction code>}, an empty
 *       code withdraws with {@code edit=7}), {@link #markViewed} ({@code <receipt type=view><list><item server_id>}).</li>
 * </ul>
 * A refusal fails the future with a {@link NewsletterException} whose reason reads the server's code in the
 * request's context (404 not found; 401/403 not an admin for admin requests, not following for follower ones).
 * What the server pushes (posts, live updates, follow/leave/mute from any of our devices, unknown children raw)
 * becomes {@link ClientEvent.NewsletterEvent}s, each handed off before its stanza is acknowledged.
 */
public final class Newsletters {
    private static final Logger LOG = LoggerFactory.getLogger(Newsletters.class);

    /** The prefix of a channel invite link. */
    public static final String LINK_PREFIX = "https://whatsapp.com/channel/";

    /** What a request needs of us, to read a refusal. */
    enum Need { NOTHING, FOLLOWING, ADMIN }

    /** A post's outcome: the message id we chose and the newsletter-wide number the server gave it. */
    public record PostResult(String messageId, long serverId) {}

    private final Executor executor;
    private final Duration iqTimeout;
    private final Duration sendTimeout;
    private final RandomGenerator random;
    private final Function<ClientEvent, CompletionStage<Void>> handOff;
    private StanzaRouter router;
    private ServerAcks acks;

    /**
     * @param executor the account's serial executor
     * @param handOff  hands an event to the consumer; the stanza is acknowledged once it completes
     */
    public Newsletters(Executor executor, Duration iqTimeout, Duration sendTimeout, RandomGenerator random,
                       Function<ClientEvent, CompletionStage<Void>> handOff) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.iqTimeout = Objects.requireNonNull(iqTimeout, "iqTimeout");
        this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
        this.random = Objects.requireNonNull(random, "random");
        this.handOff = Objects.requireNonNull(handOff, "handOff");
    }

    /**
     * Installs the {@code newsletter} and {@code mex} notification handlers on a login connection, whose acks
     * {@code acks} matches; requests go on it from now on.
     */
    public void install(StanzaRouter router, ServerAcks acks) {
        this.router = router;
        this.acks = acks;
        router.on(StanzaMatcher.tagAndType("notification", "newsletter"),
                node -> deliver(router, node, () -> NewsletterNotifications.newsletter(node)));
        router.on(StanzaMatcher.tagAndType("notification", "mex"),
                node -> deliver(router, node, () -> NewsletterNotifications.mex(node)));
    }

    /** Takes a {@code <message>} if it comes from a newsletter (a post): true when taken. On the executor. */
    public boolean offer(StanzaRouter from, Node message) {
        if (!NewsletterNotifications.isNewsletterMessage(message)) {
            return false;
        }
        deliver(from, message, () -> List.of(NewsletterNotifications.post(message)));
        return true;
    }

    private void deliver(StanzaRouter from, Node stanza, Supplier<List<NewsletterChange>> read) {
        List<NewsletterChange> changes = List.of();
        try {
            changes = read.get();
        } catch (RuntimeException e) {
            LOG.warn("newsletter stanza not understood; acknowledged: {}", stanza, e);
        }
        CompletableFuture<Void> handed = CompletableFuture.completedFuture(null);
        for (NewsletterChange change : changes) {
            handed = handed.thenCompose(v -> handOff.apply(new ClientEvent.NewsletterEvent(change)).toCompletableFuture());
        }
        handed.whenCompleteAsync((v, failure) -> {
            if (failure == null) {
                from.send(Acks.ackFor(stanza));
            } else {
                LOG.warn("newsletter stanza {} not handed off, left unacknowledged: {}", stanza.attr("id"),
                        failure.toString());
            }
        }, executor);
    }

    // ---- w:mex ----

    /** A newsletter's metadata, with our role and mute state. */
    public CompletableFuture<NewsletterMetadata> metadata(Jid newsletter) {
        requireNewsletter(newsletter);
        return fetch(Map.of("key", newsletter.toString(), "type", "JID"), true);
    }

    /** What an invite code or {@code https://whatsapp.com/channel/CODE} link leads to (no viewer metadata). */
    public CompletableFuture<NewsletterMetadata> metadataByInvite(String codeOrLink) {
        String code = Objects.requireNonNull(codeOrLink, "code").trim();
        code = code.startsWith(LINK_PREFIX) ? code.substring(LINK_PREFIX.length()) : code;
        if (code.isEmpty()) {
            throw new IllegalArgumentException("empty invite code");
        }
        return fetch(Map.of("key", code, "type", "INVITE"), false);
    }

    private CompletableFuture<NewsletterMetadata> fetch(Map<String, String> input, boolean viewer) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("fetch_creation_time", true);
        variables.put("fetch_full_image", true);
        variables.put("fetch_viewer_metadata", viewer);
        variables.put("input", input);
        return mex(Mex.FETCH_NEWSLETTER, variables, Need.NOTHING)
                .thenApply(data -> NewsletterMetadata.parse(member(data, "xwa2_newsletter")));
    }

    /** Every newsletter we follow (or own). */
    public CompletableFuture<List<NewsletterMetadata>> followed() {
        return mex(Mex.SUBSCRIBED_NEWSLETTERS, Map.of(), Need.NOTHING).thenApply(data -> {
            Value list = data.getFieldsOrDefault("xwa2_newsletter_subscribed", null);
            if (list == null || !list.hasListValue()) {
                throw malformed("subscribed answer without xwa2_newsletter_subscribed: " + data);
            }
            List<NewsletterMetadata> out = new ArrayList<>();
            for (Value v : list.getListValue().getValuesList()) {
                if (v.hasStructValue()) {
                    out.add(NewsletterMetadata.parse(v.getStructValue()));
                }
            }
            return out;
        });
    }

    /** Creates a newsletter we own. */
    public CompletableFuture<NewsletterMetadata> create(String name, String description) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", name);
        if (description != null && !description.isEmpty()) {
            input.put("description", description);
        }
        return mex(Mex.CREATE_NEWSLETTER, Map.of("newsletter_input", input), Need.NOTHING)
                .thenApply(data -> NewsletterMetadata.parse(member(data, "xwa2_newsletter_create")));
    }

    /** Follows (joins) a newsletter. */
    public CompletableFuture<Void> follow(Jid newsletter) {
        requireNewsletter(newsletter);
        return mex(Mex.FOLLOW_NEWSLETTER, Map.of("newsletter_id", newsletter.toString()), Need.NOTHING)
                .thenApply(d -> null);
    }

    /** Unfollows (leaves) a newsletter; refused with NOT_FOLLOWING when we do not follow it. */
    public CompletableFuture<Void> unfollow(Jid newsletter) {
        requireNewsletter(newsletter);
        return mex(Mex.UNFOLLOW_NEWSLETTER, Map.of("newsletter_id", newsletter.toString()), Need.FOLLOWING)
                .thenApply(d -> null);
    }

    /** Mutes or unmutes a newsletter we follow. */
    public CompletableFuture<Void> mute(Jid newsletter, boolean mute) {
        requireNewsletter(newsletter);
        return mex(mute ? Mex.MUTE_NEWSLETTER : Mex.UNMUTE_NEWSLETTER,
                Map.of("newsletter_id", newsletter.toString()), Need.FOLLOWING).thenApply(d -> null);
    }

    private CompletableFuture<Struct> mex(String queryId, Map<String, ?> variables, Need need) {
        return iq(Mex.request(queryId, variables), need).thenApply(answer -> {
            Mex.Answer a = Mex.answer(answer);
            if (a.error() != null) {
                throw refusal(a.error().code(), a.error().message(), need);
            }
            return a.data();
        });
    }

    // ---- newsletter iqs ----

    /** Up to {@code count} posts (1 to 100) before the post numbered {@code before} (0: the newest). */
    public CompletableFuture<List<NewsletterPost>> messages(Jid newsletter, int count, long before) {
        requireNewsletter(newsletter);
        if (count < 1 || count > 100) {
            throw new IllegalArgumentException("count must be 1 to 100: " + count);
        }
        NodeBuilder m = Node.builder("messages").attr("type", "jid").attr("jid", newsletter).attr("count", count);
        if (before > 0) {
            m.attr("before", before);
        }
        Node request = Node.builder("iq").attr("xmlns", "newsletter").attr("type", "get").attr("to", Jid.SERVER)
                .child(m.build()).build();
        return iq(request, Need.NOTHING).thenApply(r -> {
            Node messages = r.child("messages");
            if (messages == null) {
                throw malformed("newsletter messages answer without <messages>: " + r);
            }
            return NewsletterPost.parseAll(messages);
        });
    }

    /** Asks for reaction and view counts to be pushed for a while; completes with how long. */
    public CompletableFuture<Duration> liveUpdates(Jid newsletter) {
        requireNewsletter(newsletter);
        Node request = Node.builder("iq").attr("xmlns", "newsletter").attr("type", "set").attr("to", newsletter)
                .child(Node.of("live_updates")).build();
        return iq(request, Need.FOLLOWING).thenApply(r -> {
            Node live = r.child("live_updates");
            long s = live == null ? -1 : NewsletterPost.number(live.attr("duration"));
            return Duration.ofSeconds(Math.max(0, s));
        });
    }

    // ---- stanzas ----

    /** Posts to a newsletter we own or administer; completes with the post's server id once the server took it. */
    public CompletableFuture<PostResult> post(Jid newsletter, MessageContent content) {
        requireNewsletter(newsletter);
        Message message = MessageContentCodec.encode(content);
        String id = newId();
        NodeBuilder plaintext = Node.builder("plaintext").bytes(message.toByteArray());
        String mediaType = MessageTypes.mediaType(message);
        if (mediaType != null) {
            plaintext.attr("mediatype", mediaType);
        }
        Node stanza = Node.builder("message").attr("to", newsletter).attr("id", id)
                .attr("type", MessageTypes.stanzaType(message)).child(plaintext.build()).build();
        return acked(stanza, Need.ADMIN).thenApply(ack ->
                new PostResult(id, Math.max(0, NewsletterPost.number(ack.attr("server_id")))));
    }

    /** Reacts to a post of a newsletter we follow; an empty {@code code} withdraws our reaction. */
    public CompletableFuture<Void> react(Jid newsletter, long serverId, String code) {
        requireNewsletter(newsletter);
        if (serverId <= 0) {
            throw new IllegalArgumentException("server id must be positive: " + serverId);
        }
        NodeBuilder m = Node.builder("message").attr("to", newsletter).attr("id", newId())
                .attr("server_id", serverId).attr("type", "reaction");
        NodeBuilder reaction = Node.builder("reaction");
        if (code == null || code.isEmpty()) {
            m.attr("edit", MessageTypes.EDIT_SENDER_REVOKE);
        } else {
            reaction.attr("code", code);
        }
        return acked(m.child(reaction.build()).build(), Need.FOLLOWING).thenApply(ack -> null);
    }

    /**
     * Counts posts as viewed by us (the newsletter's view counter, not the read state of our devices). The server
     * does not answer; completes once handed to the connection.
     */
    public CompletableFuture<Void> markViewed(Jid newsletter, List<Long> serverIds) {
        requireNewsletter(newsletter);
        if (serverIds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Node> items = new ArrayList<>(serverIds.size());
        for (long s : serverIds) {
            items.add(Node.builder("item").attr("server_id", s).build());
        }
        Node receipt = Node.builder("receipt").attr("to", newsletter).attr("type", "view").attr("id", newId())
                .child(Node.builder("list").children(items).build()).build();
        return onExecutor(() -> {
            open().send(receipt);
            return CompletableFuture.completedFuture(null);
        });
    }

    // ---- plumbing ----

    private CompletableFuture<Node> iq(Node request, Need need) {
        return onExecutor(() -> open().sendIq(request, iqTimeout)).exceptionallyCompose(failure -> {
            Throwable cause = Failures.unwrap(failure);
            if (cause instanceof IqErrorException e) {
                return CompletableFuture.failedFuture(refusal(e.code(), e.getMessage(), need));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private CompletableFuture<Node> acked(Node stanza, Need need) {
        return onExecutor(() -> {
            StanzaRouter r = open();
            CompletableFuture<Node> ack = acks.await(stanza.attr("id"), sendTimeout);
            r.send(stanza);
            return ack;
        }).thenApply(ack -> {
            String error = ack.attr("error");
            if (error != null && !error.isEmpty()) {
                throw refusal((int) Math.max(0, NewsletterPost.number(error)), "refused: " + ack, need);
            }
            return ack;
        });
    }

    static NewsletterException refusal(int code, String message, Need need) {
        NewsletterException.Reason reason = switch (code) {
            case 404 -> NewsletterException.Reason.NEWSLETTER_NOT_FOUND;
            case 401, 403 -> switch (need) {
                case ADMIN -> NewsletterException.Reason.NOT_NEWSLETTER_ADMIN;
                case FOLLOWING -> NewsletterException.Reason.NOT_FOLLOWING;
                case NOTHING -> NewsletterException.Reason.REJECTED;
            };
            default -> NewsletterException.Reason.REJECTED;
        };
        return new NewsletterException(reason, code, message);
    }

    private StanzaRouter open() {
        StanzaRouter r = router;
        if (r == null || r.isClosed()) {
            throw new IllegalStateException("not connected: wait for the Open event");
        }
        return r;
    }

    private <T> CompletableFuture<T> onExecutor(Supplier<CompletableFuture<T>> action) {
        return io.wabridge.client.session.OnExecutor.callUnwrapped(executor, action);
    }

    private static Struct member(Struct data, String name) {
        Struct s = Mex.struct(data, name);
        if (s == null) {
            throw malformed("mex answer without " + name + ": " + data);
        }
        return s;
    }

    private static NewsletterException malformed(String what) {
        return new NewsletterException(NewsletterException.Reason.MALFORMED_RESPONSE, 0, what);
    }

    private static void requireNewsletter(Jid jid) {
        if (jid == null || !jid.isNewsletter()) {
            throw new IllegalArgumentException("not a newsletter JID: " + jid);
        }
    }

    private String newId() {
        byte[] id = new byte[8];
        random.nextBytes(id);
        return "3EB0" + HexFormat.of().withUpperCase().formatHex(id);
    }
}
