package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.newsletter.NewsletterChange;
import io.wabridge.client.newsletter.NewsletterChange.Kind;
import io.wabridge.client.newsletter.NewsletterException;
import io.wabridge.client.newsletter.NewsletterMetadata;
import io.wabridge.client.newsletter.NewsletterPost;
import io.wabridge.client.newsletter.Newsletters;
import io.wabridge.client.session.Failures;
import io.wabridge.proto.wa.Message;
import io.wabridge.simulator.newsletter.SimNewsletter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Newsletters (channels) from our client through the simulator: follow, metadata, posts pushed and fetched,
 * reactions and views as live updates, mute, unfollow, posting as an owner, the refusals (not found, not following,
 * not an admin), and a notification child nobody knows surfacing raw.
 */
class WaClientNewsletterTest {
    private SimulatedSetup setup;

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static NewsletterException.Reason refused(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof java.util.concurrent.ExecutionException ee) {
                cause = Failures.unwrap(ee.getCause());
            }
            return assertInstanceOf(NewsletterException.class, cause, String.valueOf(cause)).reason();
        }
        throw new AssertionError("not refused");
    }

    private NewsletterChange awaitChange(Kind kind, Predicate<NewsletterChange> also) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (ClientEvent e : setup.all) {
                if (e instanceof ClientEvent.NewsletterEvent n && n.change().kind() == kind && also.test(n.change())) {
                    setup.all.remove(e);
                    return n.change();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + kind + " newsletter event; saw " + setup.all);
    }

    @Test
    void ourClientFollowsReadsReactsMutesAndLeavesAChannel() throws Exception {
        setup = new SimulatedSetup().link();
        SimNewsletter channel = setup.simulator.accounts().newsletters().create("Daily news", "headlines",
                setup.alice.account());
        Jid nl = channel.jid();
        Newsletters newsletters = setup.client.newsletters();

        NewsletterMetadata before = get(newsletters.metadata(nl));
        assertEquals("Daily news", before.name());
        assertEquals("headlines", before.description());
        assertEquals(NewsletterMetadata.Role.GUEST, before.role());
        assertEquals(nl, get(newsletters.metadataByInvite(Newsletters.LINK_PREFIX + channel.invite())).jid());

        get(newsletters.follow(nl));
        NewsletterChange joined = awaitChange(Kind.JOINED, c -> nl.equals(c.newsletter()));
        assertEquals("Daily news", joined.name());
        List<NewsletterMetadata> followed = get(newsletters.followed());
        assertEquals(List.of(nl), followed.stream().map(NewsletterMetadata::jid).toList());
        assertEquals(NewsletterMetadata.Role.SUBSCRIBER, followed.getFirst().role());
        assertEquals(1, followed.getFirst().subscribers());

        // a post by the owner's phone reaches us as an event, and is fetched with its content
        Message text = Message.newBuilder().setConversation("first headline").build();
        long serverId = setup.simulator.accounts().newsletters().publish(channel, setup.alice.account(), "P1",
                text.toByteArray());
        NewsletterChange post = awaitChange(Kind.POST, c -> nl.equals(c.newsletter()));
        assertEquals(serverId, post.posts().getFirst().serverId());
        assertEquals("first headline", post.posts().getFirst().message().getConversation());
        List<NewsletterPost> fetched = get(newsletters.messages(nl, 10, 0));
        assertEquals(1, fetched.size());
        assertEquals("P1", fetched.getFirst().messageId());
        assertEquals("first headline", fetched.getFirst().message().getConversation());

        // live updates: our reaction and view come back as counts
        assertEquals(Duration.ofSeconds(300), get(newsletters.liveUpdates(nl)));
        get(newsletters.react(nl, serverId, "\uD83D\uDC4D"));
        NewsletterChange reacted = awaitChange(Kind.LIVE_UPDATE, c -> !c.posts().getFirst().reactions().isEmpty());
        assertEquals(Map.of("\uD83D\uDC4D", 1L), reacted.posts().getFirst().reactions());
        get(newsletters.markViewed(nl, List.of(serverId)));
        NewsletterChange viewed = awaitChange(Kind.LIVE_UPDATE, c -> c.posts().getFirst().views() == 1);
        assertEquals(serverId, viewed.posts().getFirst().serverId());
        assertEquals(NewsletterException.Reason.NEWSLETTER_NOT_FOUND, refused(newsletters.react(nl, 9999, "x")));

        // mute, seen by every device of ours and in the metadata
        get(newsletters.mute(nl, true));
        assertEquals(Boolean.TRUE, awaitChange(Kind.MUTE_CHANGED, c -> true).muted());
        assertTrue(get(newsletters.metadata(nl)).muted());

        // a follower may not post
        assertEquals(NewsletterException.Reason.NOT_NEWSLETTER_ADMIN, refused(newsletters.post(nl, new Text("hi"))));

        // leaving; what needs following is refused afterwards
        get(newsletters.unfollow(nl));
        assertEquals(nl, awaitChange(Kind.LEFT, c -> true).newsletter());
        assertEquals(NewsletterException.Reason.NOT_FOLLOWING, refused(newsletters.unfollow(nl)));
        assertEquals(NewsletterException.Reason.NOT_FOLLOWING, refused(newsletters.react(nl, serverId, "x")));
        assertEquals(NewsletterException.Reason.NOT_FOLLOWING, refused(newsletters.mute(nl, false)));
        assertTrue(get(newsletters.followed()).isEmpty());

        Jid unknown = Jid.of("120363999999999999", JidServer.NEWSLETTER);
        assertEquals(NewsletterException.Reason.NEWSLETTER_NOT_FOUND, refused(newsletters.metadata(unknown)));
        assertEquals(NewsletterException.Reason.NEWSLETTER_NOT_FOUND, refused(newsletters.follow(unknown)));
        assertEquals(NewsletterException.Reason.NEWSLETTER_NOT_FOUND, refused(newsletters.messages(unknown, 5, 0)));
    }

    @Test
    void ourClientCreatesAChannelAndPostsToItsFollowers() throws Exception {
        setup = new SimulatedSetup().link();
        Newsletters newsletters = setup.client.newsletters();
        NewsletterMetadata created = get(newsletters.create("Release notes", "what changed"));
        assertEquals(NewsletterMetadata.Role.OWNER, created.role());
        assertEquals("Release notes", awaitChange(Kind.JOINED, c -> created.jid().equals(c.newsletter())).name());
        SimNewsletter channel = setup.simulator.accounts().newsletters().find(created.jid()).orElseThrow();
        assertEquals(setup.me, channel.owner());
        channel.follow(setup.alice.account());

        Newsletters.PostResult first = get(newsletters.post(created.jid(), new Text("v1.0 is out")));
        Newsletters.PostResult second = get(newsletters.post(created.jid(), new Text("v1.1 is out")));
        assertTrue(first.serverId() > 0 && second.serverId() > first.serverId(), first + " then " + second);
        List<NewsletterPost> posts = get(newsletters.messages(created.jid(), 10, 0));
        assertEquals(List.of("v1.0 is out", "v1.1 is out"),
                posts.stream().map(p -> p.message().getConversation()).toList());
        assertEquals(List.of(first.messageId(), second.messageId()),
                posts.stream().map(NewsletterPost::messageId).toList());
        assertEquals(List.of(first.serverId()), get(newsletters.messages(created.jid(), 10, second.serverId()))
                .stream().map(NewsletterPost::serverId).toList(), "paging by 'before'");
        NewsletterMetadata owned = get(newsletters.followed()).getFirst();
        assertEquals(NewsletterMetadata.Role.OWNER, owned.role());
        assertEquals(1, owned.subscribers());
        assertFalse(owned.muted());
    }

    @Test
    void anUnknownNewsletterNotificationChildSurfacesRaw() throws Exception {
        setup = new SimulatedSetup().link();
        Jid nl = Jid.of("120363000000000001", JidServer.NEWSLETTER);
        int device = setup.me.deviceIds().stream().filter(d -> d != 0).findFirst().orElseThrow();
        setup.simulator.accounts().messaging().router().deliver(setup.me, device, Node.builder("notification")
                .attr("type", "newsletter").attr("from", nl).attr("id", "odd1").attr("t", 1_700_000_000L)
                .child(Node.builder("paid_partnership").attr("state", "on").build()).build());
        NewsletterChange raw = awaitChange(Kind.UNKNOWN, c -> true);
        assertEquals(nl, raw.newsletter());
        assertEquals("paid_partnership", raw.rawTag());
        assertEquals(Map.of("state", "on"), raw.rawAttrs());
        assertEquals("odd1", raw.stanzaId());
        assertNotNull(raw.at());
    }
}
