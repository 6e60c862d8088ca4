package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.status.StatusPost;
import io.wabridge.client.status.TextStatus;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status updates between Baileys 7 and our client, two accounts on the simulator: Baileys posts a text status with
 * {@code sendMessage('status@broadcast', {text}, {statusJidList, backgroundColor})} and our client receives it as a
 * status event (never a chat message) with its author and colour; our client's status to Baileys' account is
 * decrypted by Baileys (a {@code messages.upsert} from {@code status@broadcast}); our seen receipt for Baileys'
 * status reaches Baileys as a {@code read} receipt. Baileys' sender-key and receipt code judge our client's stanzas.
 */
class BaileysStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private PhoneAccount ourAccount;
    private PhoneAccount baileysAccount;
    private BaileysFixture ours;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        ourAccount = simulator.accounts().create("15550001111");
        baileysAccount = simulator.accounts().create("15550002222");
        ours = BaileysFixture.linkOurClient(simulator, ourAccount, "conformance-status");
    }

    @AfterEach
    void stop() {
        if (ours != null) {
            ours.close();
        }
        simulator.close();
    }

    @Test
    void statusesCrossBetweenBaileys7AndOurClient() throws Exception {
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, baileysAccount, "baileys7", authDir)) {
            // Baileys' status, read by our client.
            link.driver().command(JSON.createObjectNode().put("command", "send").put("to", "status@broadcast")
                    .put("text", "from baileys").put("backgroundColor", "#1E6E4F")
                    .set("statusJidList", JSON.createArrayNode().add(ourAccount.jid().toString())).toString());
            String sentId = link.driver().await("sent", BaileysFixture.STEP).path("id").asText();
            StatusPost post = ours.await(ClientEvent.StatusReceived.class,
                    s -> "from baileys".equals(textOf(s.post()))).post();
            assertEquals(sentId, post.id());
            assertTrue(post.author().sameUser(baileysAccount.jid()) || post.author().sameUser(baileysAccount.lidJid()),
                    post.author()::toString);
            assertEquals(baileysAccount.jid(), post.authorPn());
            assertNotNull(post.style(), "Baileys set a background colour");
            assertNotNull(post.style().backgroundArgb(), "Baileys set a background colour");
            assertEquals(0x1E6E4F, post.style().backgroundArgb() & 0xFFFFFF, "the colour Baileys was given");
            assertTrue(ours.seen().stream().noneMatch(e -> e instanceof ClientEvent.MessageReceived m
                    && m.chat().isStatusBroadcast()), "a status is never a chat message");

            // Our status, read by Baileys.
            String ourId = ours.client().statuses().postText(List.of(baileysAccount.jid()),
                    new TextStatus("from wabridge", 0xFFFFFFFF, 0xFF3A5FCD, 1), null)
                    .get(60, TimeUnit.SECONDS).messageId();
            JsonNode atBaileys = link.driver().await(e -> "message".equals(e.path("event").asText())
                    && ourId.equals(e.path("id").asText()), BaileysFixture.STEP, "our status at Baileys");
            assertEquals("status@broadcast", atBaileys.path("remoteJid").asText());
            assertEquals("from wabridge", atBaileys.path("text").asText(), atBaileys::toString);
            Jid author = Jid.parse(atBaileys.path("participant").asText());
            assertTrue(author.sameUser(ourAccount.jid()) || author.sameUser(ourAccount.lidJid()), author::toString);

            // Our seen receipt for Baileys' status.
            ours.client().statuses().markSeen(post.authorPn(), List.of(sentId)).get(60, TimeUnit.SECONDS);
            link.driver().await(e -> "receipt".equals(e.path("event").asText()) && sentId.equals(e.path("id").asText())
                    && "read".equals(e.path("type").asText()), BaileysFixture.STEP, "our seen receipt at Baileys");

            link.driver().command("end");
            link.driver().await("ended", BaileysFixture.STEP);
        }
    }

    private static String textOf(StatusPost post) {
        return switch (post.content()) {
            case Text t -> t.text();
            case ExtendedText t -> t.text();
            default -> "";
        };
    }
}
