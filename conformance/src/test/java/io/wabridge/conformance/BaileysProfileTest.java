package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.profile.ProfilePicture;
import io.wabridge.client.profile.Profiles;
import io.wabridge.client.usync.ContactQuery;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Profiles between Baileys and our client, each linked to its own simulated account: Baileys reads the about text
 * ({@code fetchStatus}) and picture URL ({@code profilePictureUrl}) our client set, and finds our number with
 * {@code onWhatsApp}; our client reads the about Baileys set with {@code updateProfileStatus} and the picture Baileys
 * set with the iq of {@code updateProfilePicture} (Baileys' own resize needs sharp or jimp, absent from an install
 * without scripts, so the harness sends a square JPEG as it is), and finds Baileys' number with its LID.
 */
class BaileysProfileTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private WaSimulator simulator;
    private BaileysFixture fixture;
    private PhoneAccount baileysAccount;
    private PhoneAccount wabridgeAccount;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        baileysAccount = simulator.accounts().create("15550007777");
        wabridgeAccount = simulator.accounts().create("15550009999");
        fixture = BaileysFixture.linkOurClient(simulator, wabridgeAccount, "conformance-profile");
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        simulator.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"baileys7", "baileys6"})
    void baileysAndOurClientReadEachOthersProfiles(String baileys) throws Exception {
        Path auth = Files.createDirectories(dir.resolve("auth-" + baileys));
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, baileysAccount, baileys, auth)) {
            NodeProcess driver = link.driver();
            Profiles profile = fixture.client().profile();
            String ours = wabridgeAccount.jid().toString();

            // ours -> Baileys
            profile.setAbout("about from wabridge").get(30, TimeUnit.SECONDS);
            assertEquals("about from wabridge", op(driver, JSON.createObjectNode().put("op", "fetch-status").put("jid", ours))
                    .path("status").asText());
            String pictureId = profile.setPicture(null, MediaSource.ofBytes(image(800, 600, "png"))).get(30, TimeUnit.SECONDS);
            assertEquals(pictureId, wabridgeAccount.profile().picture().id());
            assertEquals(wabridgeAccount.profile().picture().url(), op(driver, JSON.createObjectNode()
                    .put("op", "picture-url").put("jid", ours).put("type", "image")).path("url").asText());
            ObjectNode check = JSON.createObjectNode().put("op", "on-whatsapp");
            check.putArray("phones").add("+" + wabridgeAccount.phoneNumber()).add("+15559990000");
            JsonNode results = op(driver, check).path("results");
            assertEquals(1, results.size(), results.toString()); // Baileys lists only the numbers WhatsApp knows
            assertEquals(ours, results.path(0).path("jid").asText());
            assertTrue(results.path(0).path("exists").asBoolean());

            // Baileys -> ours
            op(driver, JSON.createObjectNode().put("op", "set-status").put("text", "about from " + baileys));
            assertEquals("about from " + baileys, profile.about(baileysAccount.jid()).get(30, TimeUnit.SECONDS).text());
            Path jpeg = Files.write(dir.resolve("picture-" + baileys + ".jpg"), image(320, 320, "jpg"));
            op(driver, JSON.createObjectNode().put("op", "set-picture").put("file", jpeg.toString()));
            ProfilePicture theirs = profile.picture(baileysAccount.jid(), false).get(30, TimeUnit.SECONDS);
            assertEquals(baileysAccount.profile().picture().id(), theirs.id());
            assertTrue(theirs.url().startsWith("https://"), theirs.url());
            List<ContactQuery.Registration> found = profile.onWhatsApp(List.of("+" + baileysAccount.phoneNumber()))
                    .get(30, TimeUnit.SECONDS);
            assertTrue(found.getFirst().registered());
            assertEquals(baileysAccount.lidJid(), found.getFirst().lid());
            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    private static JsonNode op(NodeProcess driver, ObjectNode command) throws Exception {
        String op = command.path("op").asText();
        command.put("command", "profile");
        driver.command(command.toString());
        JsonNode answer = driver.await(e -> ("profile".equals(e.path("event").asText()) && op.equals(e.path("op").asText()))
                || "error".equals(e.path("event").asText()), STEP, "profile " + op);
        if ("error".equals(answer.path("event").asText())) {
            throw new AssertionError("Baileys' profile " + op + " failed: " + answer);
        }
        return answer;
    }

    private static byte[] image(int width, int height, String format) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.MAGENTA);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
