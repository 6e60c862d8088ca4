package io.wabridge.bridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.NewsletterMetadata;
import io.wabridge.proto.v1.NewsletterPost;
import io.wabridge.proto.v1.NewsletterReaction;
import io.wabridge.proto.v1.NewsletterUpdate;
import io.wabridge.proto.wa.Message;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.newsletter.SimNewsletter;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Newsletters (channels) through Kafka: a session follows a channel another account owns, gets its posts as
 * newsletter_update POST events, fetches them with live updates on, reacts and sees the count come back, is refused
 * posting (NOT_NEWSLETTER_ADMIN), leaves and is refused what needs following (NOT_FOLLOWING), is told of a channel
 * that does not exist (NEWSLETTER_NOT_FOUND), creates its own channel and posts to it; a malformed newsletter command
 * goes to the DLQ with an error event.
 */
@QuarkusTest
class NewsletterBridgeTest extends SessionBridgeTest {
    private static final String SESSION = "news-1";
    private static final String PHONE = "15550008181";
    private static final String OWNER = "15550008282";

    NewsletterBridgeTest() {
        super(SESSION, "n-disconnect");
    }

    @Test
    void aSessionFollowsReadsReactsLeavesAndPostsToItsOwnChannel() throws Exception {
        PhoneAccount account = simulator.create(PHONE);
        PhoneAccount owner = simulator.create(OWNER);
        SimNewsletter channel = simulator.newsletters().create("Bridge news", "all about it", owner);
        String nl = channel.jid().toString();

        kafka.linkByQr(account, "n-connect");

        ok("n-follow", "{\"commandId\":\"n-follow\",\"followNewsletter\":{\"newsletter\":\"" + channel.jid().user() + "\"}}");
        NewsletterUpdate joined = update(u -> u.getKind() == NewsletterUpdate.Kind.JOINED).getNewsletterUpdate();
        assertEquals(nl, joined.getNewsletter());
        assertEquals("Bridge news", joined.getName());
        NewsletterMetadata listed = ok("n-list", "{\"commandId\":\"n-list\",\"listNewsletters\":{}}").getNewsletters(0);
        assertEquals(nl, listed.getJid());
        assertEquals(NewsletterMetadata.Role.SUBSCRIBER, listed.getRole());
        assertEquals(1, listed.getSubscribers());

        // a post by the owner's phone is published as an event, and fetched with live updates on
        long serverId = simulator.newsletters().publish(channel, owner, "NP1",
                Message.newBuilder().setConversation("hello followers").build().toByteArray());
        NewsletterPost pushed = update(u -> u.getKind() == NewsletterUpdate.Kind.POST).getNewsletterUpdate().getPosts(0);
        assertEquals(serverId, pushed.getServerId());
        assertEquals("hello followers", pushed.getContent().getText());
        CommandResult.Ok fetched = ok("n-msgs", "{\"commandId\":\"n-msgs\",\"getNewsletterMessages\":{\"newsletter\":\""
                + nl + "\",\"count\":5,\"liveUpdates\":true}}");
        assertEquals(List.of("NP1"), fetched.getNewsletterPostsList().stream().map(NewsletterPost::getMessageId).toList());
        assertEquals(300, fetched.getLiveUpdatesSeconds());
        ok("n-react", "{\"commandId\":\"n-react\",\"reactToNewsletterPost\":{\"newsletter\":\"" + nl
                + "\",\"serverId\":\"" + serverId + "\",\"reaction\":\"\uD83D\uDD25\"}}");
        NewsletterPost counted = update(u -> u.getKind() == NewsletterUpdate.Kind.LIVE_UPDATE
                && u.getPosts(0).getReactionsCount() > 0).getNewsletterUpdate().getPosts(0);
        assertEquals(List.of(NewsletterReaction.newBuilder().setCode("\uD83D\uDD25").setCount(1).build()),
                counted.getReactionsList());

        // the refusals: posting as a follower, then what needs following after leaving, then an unknown channel
        refused("n-post", "{\"commandId\":\"n-post\",\"sendNewsletterPost\":{\"newsletter\":\"" + nl
                + "\",\"text\":\"me too\"}}", "NOT_NEWSLETTER_ADMIN");
        ok("n-leave", "{\"commandId\":\"n-leave\",\"unfollowNewsletter\":{\"newsletter\":\"" + nl + "\"}}");
        update(u -> u.getKind() == NewsletterUpdate.Kind.LEFT && u.getNewsletter().equals(nl));
        refused("n-react2", "{\"commandId\":\"n-react2\",\"reactToNewsletterPost\":{\"newsletter\":\"" + nl
                + "\",\"serverId\":\"" + serverId + "\",\"reaction\":\"x\"}}", "NOT_FOLLOWING");
        refused("n-mute", "{\"commandId\":\"n-mute\",\"muteNewsletter\":{\"newsletter\":\"" + nl + "\",\"mute\":true}}",
                "NOT_FOLLOWING");
        refused("n-none", "{\"commandId\":\"n-none\",\"getNewsletterMetadata\":{\"newsletter\":\"120363999999999999\"}}",
                "NEWSLETTER_NOT_FOUND");

        // its own channel: created, then a post acked with its server id and stored there
        NewsletterMetadata own = ok("n-create", "{\"commandId\":\"n-create\",\"createNewsletter\":{\"name\":\"Ours\"}}")
                .getNewsletter();
        assertEquals(NewsletterMetadata.Role.OWNER, own.getRole());
        CommandResult.Ok posted = ok("n-post2", "{\"commandId\":\"n-post2\",\"sendNewsletterPost\":{\"newsletter\":\""
                + own.getJid() + "\",\"text\":\"first!\"}}");
        assertTrue(posted.getNewsletterServerId() > 0, posted.toString());
        assertNotEquals("", posted.getMessageId());
        CommandResult.Ok ours = ok("n-msgs2", "{\"commandId\":\"n-msgs2\",\"getNewsletterMessages\":{\"newsletter\":\""
                + own.getJid() + "\"}}");
        assertEquals("first!", ours.getNewsletterPosts(0).getContent().getText());
        assertEquals(posted.getNewsletterServerId(), ours.getNewsletterPosts(0).getServerId());

        // a malformed newsletter command: dead-lettered, with an error event naming it
        RecordMetadata bad = kafka.command("{\"commandId\":\"n-bad\",\"muteNewsletter\":{\"newsletter\":\""
                + "120363012345678901@g.us\"}}");
        ConsumerRecord<byte[], byte[]> dead = dlq.awaitRecord(r ->
                String.valueOf(bad.offset()).equals(KafkaTap.header(r, "dlq-original-offset"))
                        && String.valueOf(bad.partition()).equals(KafkaTap.header(r, "dlq-original-partition")));
        assertEquals("INVALID_JID", KafkaTap.header(dead, "dlq-reason-code"));
        EventEnvelope error = events.awaitEvent(SESSION, e -> e.hasCommandResult() && "n-bad".equals(e.getCausationId()));
        assertEquals("INVALID_JID", error.getCommandResult().getError().getCode());
    }

    private EventEnvelope update(java.util.function.Predicate<NewsletterUpdate> match) {
        return events.awaitEvent(SESSION, e -> e.hasNewsletterUpdate() && match.test(e.getNewsletterUpdate()));
    }

    private CommandResult.Ok ok(String commandId, String json) {
        kafka.command(json);
        EventEnvelope result = events.awaitEvent(SESSION, e -> e.hasCommandResult() && commandId.equals(e.getCausationId()));
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        return result.getCommandResult().getOk();
    }

    private void refused(String commandId, String json, String code) {
        kafka.command(json);
        EventEnvelope result = events.awaitEvent(SESSION, e -> e.hasCommandResult() && commandId.equals(e.getCausationId()));
        assertEquals(code, result.getCommandResult().getError().getCode(), result.toString());
    }
}
