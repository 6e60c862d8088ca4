package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.WaClient;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaKind;
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
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Media between Baileys and our client through the simulator's HTTPS media server: Baileys 7 and 6 send an image,
 * a voice note and a document (uploaded by Baileys itself to the host media_conn gives it, trusting the server's
 * certificate through {@code NODE_EXTRA_CA_CERTS}), and our client downloads and decrypts each byte-identically;
 * our client sends the same kinds and Baileys' {@code downloadMediaMessage} decrypts each byte-identically.
 */
class BaileysMediaTransferTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private WaSimulator simulator;
    private BaileysFixture ours;
    private WaClient client;
    private PhoneAccount baileysAccount;
    private PhoneAccount wabridgeAccount;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        baileysAccount = simulator.accounts().create("15550007777");
        wabridgeAccount = simulator.accounts().create("15550009999");
        ours = BaileysFixture.linkOurClient(simulator, wabridgeAccount, "conformance-media",
                config -> config.withMedia(MediaSettings.DEFAULTS.withTls(
                        MediaTls.trustingPem(simulator.media().server().certificatePem()))), true);
        client = ours.client();
    }

    @AfterEach
    void stop() {
        if (ours != null) {
            ours.close();
        }
        simulator.close();
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, 320, 200);
        g.setColor(Color.RED);
        g.drawString("wabridge", 20, 100);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"baileys7", "baileys6"})
    void imageVoiceNoteAndDocumentGoBothWaysByteIdentical(String baileys) throws Exception {
        Path pem = dir.resolve("media-ca.pem");
        Files.writeString(pem, simulator.media().server().certificatePem());
        Path auth = Files.createDirectories(dir.resolve("auth"));
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, baileysAccount, baileys, auth,
                Map.of("NODE_EXTRA_CA_CERTS", pem.toString()))) {
            NodeProcess driver = link.driver();

            Map<MediaKind, byte[]> files = Map.of(MediaKind.IMAGE, png(), MediaKind.PTT, random(30_000, 1),
                    MediaKind.DOCUMENT, random(150_001, 2));
            // Baileys -> our client
            for (MediaKind kind : List.of(MediaKind.IMAGE, MediaKind.PTT, MediaKind.DOCUMENT)) {
                Path file = dir.resolve("from-baileys-" + kind);
                Files.write(file, files.get(kind));
                var command = JSON.createObjectNode().put("command", "send-media")
                        .put("to", wabridgeAccount.jid().toString()).put("kind", kind.wireName())
                        .put("file", file.toString());
                if (kind == MediaKind.DOCUMENT) {
                    command.put("mimetype", "application/pdf").put("fileName", "report.pdf");
                }
                if (kind == MediaKind.IMAGE) {
                    command.put("caption", "from " + baileys);
                }
                driver.command(command.toString());
                JsonNode sent = driver.await(e -> "sent".equals(e.path("event").asText())
                        || "error".equals(e.path("event").asText()), STEP, baileys + " sending a " + kind);
                assertEquals("sent", sent.path("event").asText(), sent::toString);
                String id = sent.path("id").asText();
                ClientEvent.MessageReceived received = await(ClientEvent.MessageReceived.class, id);
                Media media = assertInstanceOf(Media.class, received.content(), () -> received.message().toString());
                assertEquals(kind, media.kind());
                if (kind == MediaKind.IMAGE) {
                    assertEquals("from " + baileys, media.caption());
                }
                if (kind == MediaKind.DOCUMENT) {
                    assertEquals("report.pdf", media.fileName());
                }
                Path target = dir.resolve("ours-" + kind);
                client.media().downloadToFile(media, target, null).get(60, TimeUnit.SECONDS);
                assertArrayEquals(files.get(kind), Files.readAllBytes(target), baileys + " " + kind + " -> wabridge");
            }

            // our client -> Baileys
            for (MediaKind kind : List.of(MediaKind.IMAGE, MediaKind.PTT, MediaKind.DOCUMENT)) {
                Media media = client.media().prepare(kind, MediaSource.ofBytes(files.get(kind)), b -> {
                    if (kind == MediaKind.DOCUMENT) {
                        b.fileName("report.pdf").mimetype("application/pdf");
                    }
                    if (kind == MediaKind.PTT) {
                        b.seconds(2).waveform(random(64, 3));
                    }
                }).get(60, TimeUnit.SECONDS);
                String id = client.sendMessage(baileysAccount.jid(), media, null).get(30, TimeUnit.SECONDS).messageId();
                JsonNode upsert = driver.await(e -> "message".equals(e.path("event").asText())
                        && id.equals(e.path("id").asText()), STEP, "our " + kind + " at " + baileys);
                JsonNode described = upsert.path("media");
                assertEquals(switch (kind) {
                    case IMAGE -> "imageMessage";
                    case PTT -> "audioMessage";
                    default -> "documentMessage";
                }, described.path("type").asText(), upsert::toString);
                assertEquals(kind == MediaKind.PTT, described.path("ptt").asBoolean());
                Path target = dir.resolve(baileys + "-" + kind);
                driver.command(JSON.createObjectNode().put("command", "download").put("id", id)
                        .put("file", target.toString()).toString());
                JsonNode done = driver.await(e -> ("downloaded".equals(e.path("event").asText())
                        && id.equals(e.path("id").asText())) || "error".equals(e.path("event").asText()), STEP,
                        baileys + " downloading our " + kind);
                assertEquals("downloaded", done.path("event").asText(), done::toString);
                assertArrayEquals(files.get(kind), Files.readAllBytes(target), "wabridge " + kind + " -> " + baileys);
            }
            assertTrue(simulator.media().server().uploads() >= 6, "every file went through the media server");

            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    private ClientEvent.MessageReceived await(Class<ClientEvent.MessageReceived> type, String id)
            throws InterruptedException {
        return ours.await(type, m -> m.id().equals(id));
    }
}
