package io.wabridge.client.newsletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.wa.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the server pushes about newsletters, read as whatsmeow and Baileys read it; nothing unknown is dropped. */
class NewsletterNotificationsTest {
    private static final Jid NL = Jid.parse("120363000000000042@newsletter");

    private static Node update(String opName, String json) {
        return Node.builder("notification").attr("type", "mex").attr("from", "s.whatsapp.net").attr("id", "m1")
                .attr("t", 1_700_000_000L).child(Node.builder("update").attr("op_name", opName)
                        .bytes(json.getBytes(StandardCharsets.UTF_8)).build()).build();
    }

    @Test
    void mexUpdatesBecomeJoinLeaveAndMuteChanges() {
        NewsletterChange join = NewsletterNotifications.mex(update("NotificationNewsletterJoin",
                "{\"data\":{\"xwa2_notify_newsletter_on_join\":{\"id\":\"" + NL + "\",\"thread_metadata\":"
                        + "{\"name\":{\"text\":\"News\"}},\"viewer_metadata\":{\"role\":\"SUBSCRIBER\"}}}}")).getFirst();
        assertEquals(NewsletterChange.Kind.JOINED, join.kind());
        assertEquals(NL, join.newsletter());
        assertEquals("News", join.name());
        assertEquals("subscriber", join.role());
        NewsletterChange leave = NewsletterNotifications.mex(update("NotificationNewsletterLeave",
                "{\"data\":{\"xwa2_notify_newsletter_on_leave\":{\"id\":\"" + NL + "\",\"role\":\"GUEST\"}}}")).getFirst();
        assertEquals(NewsletterChange.Kind.LEFT, leave.kind());
        NewsletterChange mute = NewsletterNotifications.mex(update("NotificationNewsletterMuteChange",
                "{\"data\":{\"xwa2_notify_newsletter_on_mute_change\":{\"id\":\"" + NL + "\",\"mute\":\"ON\"}}}")).getFirst();
        assertEquals(Boolean.TRUE, mute.muted());
    }

    @Test
    void anUnknownOrUnreadableMexUpdateSurfacesRawWithItsJson() {
        String json = "{\"data\":{\"xwa2_notify_account_reachout_timelock\":{\"is_active\":true}}}";
        NewsletterChange other = NewsletterNotifications.mex(update("NotificationReachout", json)).getFirst();
        assertEquals(NewsletterChange.Kind.UNKNOWN, other.kind());
        assertEquals("NotificationReachout", other.rawTag());
        assertEquals(json, other.rawAttrs().get("json"));
        NewsletterChange broken = NewsletterNotifications.mex(update("X", "{not json")).getFirst();
        assertEquals(NewsletterChange.Kind.UNKNOWN, broken.kind());
        assertEquals("{not json", broken.rawAttrs().get("json"));
        assertNull(broken.newsletter());
    }

    @Test
    void liveUpdatesReadCountsWithOrWithoutAMessagesWrapper() {
        Node counts = Node.builder("message").attr("server_id", 101).child(Node.builder("views_count")
                .attr("count", 7).build()).child(Node.builder("reactions").child(Node.builder("reaction")
                .attr("code", "+1").attr("count", 3).build()).build()).build();
        for (Node live : List.of(Node.builder("live_updates").child(counts).build(),
                Node.builder("live_updates").child(Node.builder("messages").attr("jid", NL).child(counts).build()).build())) {
            Node n = Node.builder("notification").attr("type", "newsletter").attr("from", NL).attr("id", "n1")
                    .child(live).child(Node.builder("strange").attr("a", "b").build()).build();
            List<NewsletterChange> changes = NewsletterNotifications.newsletter(n);
            assertEquals(2, changes.size());
            NewsletterPost p = changes.getFirst().posts().getFirst();
            assertEquals(101, p.serverId());
            assertEquals(7, p.views());
            assertEquals(Map.of("+1", 3L), p.reactions());
            assertNull(p.message());
            assertEquals(NewsletterChange.Kind.UNKNOWN, changes.get(1).kind());
            assertEquals("strange", changes.get(1).rawTag());
            assertEquals(Map.of("a", "b"), changes.get(1).rawAttrs());
        }
    }

    @Test
    void aPostMessageIsRecognisedAndReadAnEncryptedOneIsNot() {
        Node post = Node.builder("message").attr("from", NL).attr("id", "ABC").attr("server_id", 120)
                .attr("t", 1_700_000_001L).attr("type", "text").child(Node.builder("plaintext")
                        .bytes(Message.newBuilder().setConversation("hello").build().toByteArray()).build()).build();
        assertTrue(NewsletterNotifications.isNewsletterMessage(post));
        NewsletterChange c = NewsletterNotifications.post(post);
        assertEquals(NewsletterChange.Kind.POST, c.kind());
        assertEquals("hello", c.posts().getFirst().message().getConversation());
        assertEquals(120, c.posts().getFirst().serverId());
        assertEquals("ABC", c.stanzaId());
        assertFalse(NewsletterNotifications.isNewsletterMessage(Node.builder("message")
                .attr("from", "15550002222@s.whatsapp.net").build()));
    }

    @Test
    void refusalsReadTheCodeInTheRequestsContext() {
        assertEquals(NewsletterException.Reason.NOT_NEWSLETTER_ADMIN,
                Newsletters.refusal(403, "x", Newsletters.Need.ADMIN).reason());
        assertEquals(NewsletterException.Reason.NOT_FOLLOWING,
                Newsletters.refusal(403, "x", Newsletters.Need.FOLLOWING).reason());
        assertEquals(NewsletterException.Reason.NEWSLETTER_NOT_FOUND,
                Newsletters.refusal(404, "x", Newsletters.Need.ADMIN).reason());
        assertEquals(NewsletterException.Reason.REJECTED, Newsletters.refusal(500, "x", Newsletters.Need.NOTHING).reason());
    }

    @Test
    void mexRequestsCarryTheVariablesAsJson() {
        Node iq = Mex.request(Mex.FOLLOW_NEWSLETTER, Map.of("newsletter_id", NL.toString()));
        assertEquals("w:mex", iq.attr("xmlns"));
        assertEquals(Mex.FOLLOW_NEWSLETTER, iq.child("query").attr("query_id"));
        assertEquals("{\"variables\":{\"newsletter_id\":\"" + NL + "\"}}",
                new String(iq.child("query").bytes(), StandardCharsets.UTF_8));
        assertEquals("{\"a\":\"q\\\"\\n\",\"b\":[1,true,null]}",
                Mex.json(new java.util.LinkedHashMap<>(Map.of("a", "q\"\n"))) .replace("}", ",\"b\":[1,true,null]}"));
    }
}
