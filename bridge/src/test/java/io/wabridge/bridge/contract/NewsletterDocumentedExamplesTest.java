package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.bridge.newsletter.NewsletterContract;
import io.wabridge.bridge.session.InboundEvents;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.newsletter.Mex;
import io.wabridge.client.newsletter.NewsletterException;
import io.wabridge.client.newsletter.NewsletterMetadata;
import io.wabridge.client.newsletter.NewsletterNotifications;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.wa.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's newsletter examples ("Newsletters in the contract", each after a
 * {@code <!-- newsletter-example:NAME -->} marker): the commands are accepted (and made canonical), the results and
 * events are byte for byte what the bridge writes for the WhatsApp answers and stanzas they stand for.
 */
class NewsletterDocumentedExamplesTest {
    private static final DocumentedEvents DOCS = new DocumentedEvents("newsletter");
    private static final String NL = "120363012345678902@newsletter";

    @Test
    void theCommandExamplesAreAcceptedAndMadeCanonical() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope follow = decoder.decode(Records.json("acme", DOCS.example("followNewsletter")));
        assertEquals(NL, follow.getFollowNewsletter().getNewsletter());
        CommandEnvelope post = decoder.decode(Records.json("acme", DOCS.example("sendNewsletterPost")));
        assertEquals(NL, post.getSendNewsletterPost().getNewsletter());
        assertEquals("v1.0 is out", post.getSendNewsletterPost().getText());
        CommandEnvelope messages = decoder.decode(Records.json("acme", DOCS.example("getNewsletterMessages")));
        assertEquals(10, messages.getGetNewsletterMessages().getCount());
        assertTrue(messages.getGetNewsletterMessages().getLiveUpdates());
        CommandEnvelope react = decoder.decode(Records.json("acme", DOCS.example("reactToNewsletterPost")));
        assertEquals(120, react.getReactToNewsletterPost().getServerId());
        for (String bad : List.of("{\"followNewsletter\":{}}", "{\"sendNewsletterPost\":{\"newsletter\":\"1203630\"}}",
                "{\"markNewsletterViewed\":{\"newsletter\":\"1203630\"}}", "{\"getNewsletterMetadata\":{}}")) {
            assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                    () -> decoder.decode(Records.json("acme", bad)), bad).code(), bad);
        }
        assertEquals(ErrorCode.INVALID_JID, assertThrows(InvalidCommandException.class, () -> decoder.decode(
                Records.json("acme", "{\"muteNewsletter\":{\"newsletter\":\"120363012345678901@g.us\"}}"))).code());
    }

    @Test
    void theMetadataResultIsWhatTheBridgeWritesForWhatsAppsAnswer() throws Exception {
        String answer = "{\"id\":\"" + NL + "\",\"state\":{\"type\":\"ACTIVE\"},\"thread_metadata\":{\"creation_time\":"
                + "\"1764000000\",\"invite\":\"0029VaAbCdEf\",\"name\":{\"text\":\"Release notes\"},\"description\":"
                + "{\"text\":\"what changed\"},\"subscribers_count\":\"1250\",\"verification\":\"UNVERIFIED\"},"
                + "\"viewer_metadata\":{\"mute\":\"OFF\",\"role\":\"SUBSCRIBER\"}}";
        EventEnvelope.Builder event = DOCS.head("n-1");
        event.setCommandResult(CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder()
                .setNewsletter(NewsletterContract.metadata(NewsletterMetadata.parse(Mex.parse(answer))))));
        DOCS.assertWritten("getNewsletterMetadataResult", event);
    }

    @Test
    void thePostResultAndTheRefusalAreWhatTheBridgeWrites() throws Exception {
        EventEnvelope.Builder event = DOCS.head("n-2");
        event.setCommandResult(CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder()
                .setMessageId("3EB0A1B2C3D4E5F60718").setNewsletterServerId(121)));
        DOCS.assertWritten("sendNewsletterPostResult", event);
        EventEnvelope.Builder refused = DOCS.head("n-3");
        refused.setCommandResult(CommandResults.failure(new NewsletterException(
                NewsletterException.Reason.NOT_FOLLOWING, 403, "not following")));
        DOCS.assertWritten("notFollowing", refused);
    }

    @Test
    void theNewsletterUpdatesAreWhatTheBridgeWritesForWhatsAppsStanzas() throws Exception {
        Node post = Node.builder("message").attr("from", NL).attr("id", "3EB0A1B2C3D4E5F60718").attr("server_id", 121)
                .attr("t", 1764000000).attr("type", "text").child(Node.builder("plaintext")
                        .bytes(Message.newBuilder().setConversation("v1.0 is out").build().toByteArray()).build()).build();
        EventEnvelope.Builder event = DOCS.head(null);
        assertTrue(InboundEvents.map(new ClientEvent.NewsletterEvent(NewsletterNotifications.post(post)), event));
        DOCS.assertWritten("newsletterPost", event);

        Node live = Node.builder("notification").attr("type", "newsletter").attr("from", NL).attr("id", "41")
                .attr("t", 1764000060).child(Node.builder("live_updates").child(Node.builder("message")
                        .attr("server_id", 121).child(Node.builder("views_count").attr("count", 830).build())
                        .child(Node.builder("reactions").child(Node.builder("reaction").attr("code", "\uD83D\uDC4D")
                                .attr("count", 12).build()).build()).build()).build())
                .child(Node.builder("paid_partnership").attr("state", "on").build()).build();
        var changes = NewsletterNotifications.newsletter(live);
        EventEnvelope.Builder counts = DOCS.head(null);
        assertTrue(InboundEvents.map(new ClientEvent.NewsletterEvent(changes.get(0)), counts));
        DOCS.assertWritten("newsletterLiveUpdate", counts);
        EventEnvelope.Builder unknown = DOCS.head(null);
        assertTrue(InboundEvents.map(new ClientEvent.NewsletterEvent(changes.get(1)), unknown));
        DOCS.assertWritten("newsletterUnknown", unknown);
    }
}
