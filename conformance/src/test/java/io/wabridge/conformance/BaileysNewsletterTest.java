package io.wabridge.conformance;

import static io.wabridge.conformance.BaileysFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.WaClient;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.newsletter.NewsletterChange;
import io.wabridge.client.newsletter.NewsletterMetadata;
import io.wabridge.client.newsletter.NewsletterPost;
import io.wabridge.client.newsletter.Newsletters;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baileys 7 and our WaClient around newsletters (channels), through the simulator: Baileys creates a channel with
 * its own w:mex query ids, our client reads its metadata and follows it, Baileys' post (its own {@code <plaintext>}
 * stanza) reaches our client as a POST and is fetched back; our client creates a channel, Baileys follows it and
 * reads its metadata, and our post reaches Baileys as a message of the newsletter. Baileys' stanzas and parsing judge
 * our client's, not our own code.
 */
class BaileysNewsletterTest {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private BaileysFixture fixture;
    private PhoneAccount baileysAccount;
    private PhoneAccount wabridgeAccount;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        baileysAccount = simulator.accounts().create("15550007878");
        wabridgeAccount = simulator.accounts().create("15550009898");
        fixture = BaileysFixture.linkOurClient(simulator, wabridgeAccount, "conformance-newsletters");
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        simulator.close();
    }

    @Test
    void baileysAndOurClientFollowAndPostToEachOthersChannels() throws Exception {
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, baileysAccount, "baileys7", authDir)) {
            NodeProcess driver = link.driver();
            Newsletters newsletters = fixture.client().newsletters();

            // Baileys creates a channel; our client reads it and follows it
            JsonNode created = call(driver, "newsletterCreate", "Baileys channel", "made by Baileys 7");
            Jid theirs = Jid.parse(created.path("id").asText());
            assertEquals("Baileys channel", created.path("name").asText());
            NewsletterMetadata meta = newsletters.metadata(theirs).get(30, TimeUnit.SECONDS);
            assertEquals("Baileys channel", meta.name());
            assertEquals("made by Baileys 7", meta.description());
            assertEquals(NewsletterMetadata.Role.GUEST, meta.role());
            newsletters.follow(theirs).get(30, TimeUnit.SECONDS);

            // Baileys posts (its own plaintext stanza): our client gets it pushed and can fetch it
            driver.command(JSON.createObjectNode().put("command", "send").put("to", theirs.toString())
                    .put("text", "first post from Baileys").toString());
            String postId = driver.await("sent", STEP).path("id").asText();
            NewsletterChange pushed = fixture.await(ClientEvent.NewsletterEvent.class, e -> e.change().kind()
                    == NewsletterChange.Kind.POST && theirs.equals(e.change().newsletter())).change();
            NewsletterPost post = pushed.posts().getFirst();
            assertEquals(postId, post.messageId());
            assertEquals("first post from Baileys", post.message().hasExtendedTextMessage()
                    ? post.message().getExtendedTextMessage().getText() : post.message().getConversation());
            assertTrue(post.serverId() > 0);
            List<NewsletterPost> fetched = newsletters.messages(theirs, 10, 0).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(postId), fetched.stream().map(NewsletterPost::messageId).toList());
            newsletters.react(theirs, post.serverId(), "\u2764").get(30, TimeUnit.SECONDS);

            // our client creates a channel; Baileys follows it, reads its metadata, and gets our post
            NewsletterMetadata ours = newsletters.create("wabridge channel", "made by our client").get(30, TimeUnit.SECONDS);
            call(driver, "newsletterFollow", ours.jid().toString());
            JsonNode seenByBaileys = call(driver, "newsletterMetadata", "jid", ours.jid().toString());
            assertEquals(ours.jid().toString(), seenByBaileys.path("id").asText());
            assertEquals("wabridge channel", seenByBaileys.path("thread_metadata").path("name").path("text").asText());
            assertEquals("SUBSCRIBER", seenByBaileys.path("viewer_metadata").path("role").asText());
            Newsletters.PostResult sent = newsletters.post(ours.jid(), new Text("hello Baileys followers"))
                    .get(30, TimeUnit.SECONDS);
            JsonNode atBaileys = driver.await(e -> "message".equals(e.path("event").asText())
                    && "hello Baileys followers".equals(e.path("text").asText()), STEP, "our post at Baileys");
            assertEquals(ours.jid().toString(), atBaileys.path("remoteJid").asText());
            assertEquals(sent.messageId(), atBaileys.path("id").asText());
            assertFalse(atBaileys.path("fromMe").asBoolean());

            driver.command("end");
            driver.await("ended", STEP);
        }
    }
}
