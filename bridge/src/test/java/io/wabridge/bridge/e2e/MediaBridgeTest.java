package io.wabridge.bridge.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.blobstore.BlobStore;
import io.wabridge.bridge.e2e.SimulatorResource.InjectSimulator;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaKind;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Media through the bridge end to end: commands on the real (embedded) Kafka broker, the session on the in-process
 * simulator with its HTTPS media host, files in the bridge's filesystem blob store, served by {@code GET /media}.
 * Sends by blob reference, https URL (a local HTTPS server on an allowed host) and inline data reach a simulated
 * contact byte for byte; a contact's image arrives as a message event followed by media_stored (eager download), and
 * its blob serves the same bytes; tampered, lost and missing files give the documented errors.
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(io.wabridge.bridge.security.SecuredProfile.class) // GET /media needs credentials
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class)
@WithTestResource(MediaFilesResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediaBridgeTest {
    private static final String SESSION = "media-1";
    private static final String TOKEN = io.wabridge.bridge.security.SecuredProfile.TOKEN;
    /** Files differ from run to run: the filesystem blob store under target/ outlives a run. */
    private static final long RUN = System.nanoTime();

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    @InjectSimulator
    SimulatedServer simulator;

    @Inject
    BlobStore blobs;

    @Inject
    MongoClient mongo;

    private CommandSender producer;
    private KafkaTap events;
    private KafkaTap dlq;
    private SimulatedContact contact;

    @BeforeAll
    void connectToKafka() {
        String bootstrap = infra.kafka().bootstrapServers();
        producer = new CommandSender(bootstrap);
        events = new KafkaTap(bootstrap, "wabridge.events");
        dlq = new KafkaTap(bootstrap, "wabridge.commands.dlq");
        contact = simulator.contact();
    }

    @AfterAll
    void close() throws Exception {
        producer.close();
        events.close();
        dlq.close();
    }

    @Test
    @Order(1)
    void pairs() throws Exception {
        command("{\"commandId\":\"m-pair\",\"connect\":{\"qr\":{}}}");
        EventEnvelope qr = events.awaitEvent(SESSION, EventEnvelope::hasQr);
        simulator.account(SimulatedServer.QR_PHONE).phone().scanQr(qr.getQr().getCode()).get(10, TimeUnit.SECONDS);
        events.awaitEvent(SESSION, e -> e.hasConnectionUpdate()
                && e.getConnectionUpdate().getState() == ConnectionUpdate.State.OPEN);
    }

    @Test
    @Order(2)
    void sendsAnImageByBlobRefADocumentByUrlAndAVoiceNoteInlineByteForByte() throws Exception {
        byte[] image = png(320, 200);
        String ref = blobs.put(new ByteArrayInputStream(image), "image/png").blob().sha256();
        long uploads = simulator.media().server().uploads();
        command("{\"commandId\":\"m-img\",\"sendMessage\":{\"to\":\"" + SimulatedServer.CONTACT_PHONE + "\","
                + "\"content\":{\"media\":{\"kind\":\"MEDIA_KIND_IMAGE\",\"caption\":\"the chart\",\"blobRef\":\""
                + ref + "\"}}}}");
        EventEnvelope result = awaitResult("m-img");
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        var sent = result.getCommandResult().getOk();
        assertEquals(ref, sent.getMedia().getSha256());
        assertEquals(ref, sent.getMedia().getBlobRef());
        assertEquals(image.length, sent.getMedia().getSize());
        assertEquals(320, sent.getMedia().getWidth(), "measured by the media processor");
        assertEquals("image/png", sent.getMedia().getMimetype(), "the blob's mimetype fits an image");
        Media got = awaitMedia(sent.getMessageId());
        assertEquals(MediaKind.IMAGE, got.kind());
        assertEquals("the chart", got.caption());
        assertArrayEquals(image, simulator.media().fetch(got), "the contact decrypts the very bytes");
        assertEquals(uploads + 1, simulator.media().server().uploads());

        // The command delivered again after its result was lost (a crash before it was logged): the kept upload is
        // sent again under the same message id, nothing is uploaded twice.
        mongo.getDatabase("wabridge").getCollection("wa_commands")
                .deleteOne(Filters.eq("_id", new Document("s", SESSION).append("c", "m-img")));
        command("{\"commandId\":\"m-img\",\"sendMessage\":{\"to\":\"" + SimulatedServer.CONTACT_PHONE + "\","
                + "\"content\":{\"media\":{\"kind\":\"MEDIA_KIND_IMAGE\",\"caption\":\"the chart\",\"blobRef\":\""
                + ref + "\"}}}}");
        EventEnvelope again = events.awaitEvent(SESSION, e -> e.hasCommandResult() && "m-img".equals(e.getCausationId())
                && e != result && !e.getEventId().equals(result.getEventId()));
        assertEquals(sent.getMessageId(), again.getCommandResult().getOk().getMessageId());
        assertEquals(uploads + 1, simulator.media().server().uploads(), "the retried command reused its upload");

        byte[] pdf = random(200_000, 7);
        MediaFilesResource.serve("report.pdf", pdf);
        command("{\"commandId\":\"m-doc\",\"sendMessage\":{\"to\":\"" + SimulatedServer.CONTACT_PHONE + "\","
                + "\"content\":{\"media\":{\"kind\":\"MEDIA_KIND_DOCUMENT\",\"mimetype\":\"application/pdf\","
                + "\"fileName\":\"report.pdf\",\"fetchUrl\":\"" + MediaFilesResource.url("report.pdf") + "\"}}}}");
        EventEnvelope doc = awaitResult("m-doc");
        assertTrue(doc.getCommandResult().hasOk(), doc.toString());
        assertEquals(sha256(pdf), doc.getCommandResult().getOk().getMedia().getBlobRef());
        assertTrue(blobs.exists(sha256(pdf)), "the fetched file is in the blob store");
        Media gotDoc = awaitMedia(doc.getCommandResult().getOk().getMessageId());
        assertEquals("report.pdf", gotDoc.fileName());
        assertArrayEquals(pdf, simulator.media().fetch(gotDoc));

        byte[] voice = random(30_000, 8);
        command("{\"commandId\":\"m-ptt\",\"sendMessage\":{\"to\":\"" + SimulatedServer.CONTACT_PHONE + "\","
                + "\"content\":{\"media\":{\"kind\":\"MEDIA_KIND_PTT\",\"duration\":3,\"data\":\""
                + Base64.getEncoder().encodeToString(voice) + "\"}}}}");
        EventEnvelope ptt = awaitResult("m-ptt");
        assertTrue(ptt.getCommandResult().hasOk(), ptt.toString());
        Media gotPtt = awaitMedia(ptt.getCommandResult().getOk().getMessageId());
        assertEquals(MediaKind.PTT, gotPtt.kind());
        assertEquals(3, gotPtt.seconds());
        assertArrayEquals(voice, simulator.media().fetch(gotPtt));
    }

    @Test
    @Order(3)
    void badMediaGetsTheDocumentedCodesAndTheSessionGoesOn() throws Exception {
        String unknown = "ab".repeat(32);
        assertError("m-e1", "{\"kind\":\"MEDIA_KIND_IMAGE\",\"blobRef\":\"" + unknown + "\"}", "MEDIA_FETCH_FAILED");
        assertError("m-e2", "{\"kind\":\"MEDIA_KIND_IMAGE\",\"fetchUrl\":\"https://files.example.com/a.jpg\"}",
                "MEDIA_FETCH_FAILED");
        assertError("m-e3", "{\"kind\":\"MEDIA_KIND_IMAGE\",\"fetchUrl\":\"" + MediaFilesResource.url("missing.jpg")
                + "\"}", "MEDIA_FETCH_FAILED");
        assertError("m-e4", "{\"kind\":\"MEDIA_KIND_IMAGE\",\"mimetype\":\"application/pdf\",\"data\":\"AAEC\"}",
                "MEDIA_INVALID");

        // a blob whose stored bytes were changed after it was put no longer hashes to its key: nothing is sent
        byte[] bytes = random(5_000, 9);
        String ref = blobs.put(new ByteArrayInputStream(bytes), "application/octet-stream").blob().sha256();
        Path file = Path.of("target/test-media", ref.substring(0, 2), ref.substring(2, 4), ref);
        assertTrue(Files.exists(file), file.toString());
        bytes[100] ^= 1;
        Files.write(file, bytes);
        assertError("m-e5", "{\"kind\":\"MEDIA_KIND_DOCUMENT\",\"blobRef\":\"" + ref + "\"}", "MEDIA_INVALID");

        // inline data over the contract's limit is refused as a record (DLQ)
        String big = Base64.getEncoder().encodeToString(new byte[256 * 1024 + 1]);
        command("{\"commandId\":\"m-e6\",\"sendMessage\":{\"to\":\"" + SimulatedServer.CONTACT_PHONE
                + "\",\"content\":{\"media\":{\"kind\":\"MEDIA_KIND_DOCUMENT\",\"data\":\"" + big + "\"}}}}");
        assertEquals("MEDIA_TOO_LARGE", awaitResult("m-e6").getCommandResult().getError().getCode());

        command("{\"commandId\":\"m-e7\",\"sendMessage\":{\"to\":\"" + SimulatedServer.CONTACT_PHONE
                + "\",\"content\":{\"text\":\"still here\"}}}");
        assertTrue(awaitResult("m-e7").getCommandResult().hasOk(), "the session keeps working");
    }

    @Test
    @Order(4)
    void aContactsImageIsStoredEagerlyAndServedByGetMedia() throws Exception {
        byte[] image = png(100, 80);
        String id = contactSends(MediaKind.IMAGE, image, "look");
        EventEnvelope message = events.awaitEvent(SESSION, e -> e.hasMessage() && id.equals(e.getMessage().getId()));
        var descriptor = message.getMessage().getContent().getMedia();
        assertEquals(sha256(image), descriptor.getSha256());
        assertEquals("", descriptor.getBlobRef(), "the message event goes out at once, before the download");
        assertFalse(descriptor.getDirectPath().isEmpty());
        EventEnvelope stored = events.awaitEvent(SESSION, e -> e.hasMediaStored()
                && id.equals(e.getMediaStored().getMessageId()));
        assertEquals("wabridge:media:" + id, stored.getCausationId());
        assertEquals(sha256(image), stored.getMediaStored().getMedia().getBlobRef());
        assertTrue(events.events(SESSION).indexOf(message) < events.events(SESSION).indexOf(stored), "in order");
        byte[] served = given().header("Authorization", "Bearer " + TOKEN)
                .get("/media/" + sha256(image)).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(image, served);
    }

    @Test
    @Order(5)
    void aTamperedDownloadIsMediaFailedAndAdownloadMediaCommandFetchesTheLostFileLater() throws Exception {
        simulator.media().server().tamperNextDownloads(100);
        byte[] image = png(90, 90);
        String id;
        EventEnvelope message;
        try {
            id = contactSends(MediaKind.IMAGE, image, null);
            message = events.awaitEvent(SESSION, e -> e.hasMessage() && id.equals(e.getMessage().getId()));
            EventEnvelope failed = events.awaitEvent(SESSION, e -> e.hasMediaFailed()
                    && id.equals(e.getMediaFailed().getMessageId()));
            assertEquals("MEDIA_INVALID", failed.getMediaFailed().getCode().name(), failed.toString());
            assertFalse(blobs.exists(sha256(image)), "nothing half-written in the blob store");
        } finally {
            simulator.media().server().tamperNextDownloads(0);
        }
        // the CDN loses the file; download_media asks the sender's phone to upload it again (mediaretry)
        var media = message.getMessage().getContent().getMedia();
        assertTrue(simulator.media().server().lose(media.getDirectPath()));
        String json = com.google.protobuf.util.JsonFormat.printer().omittingInsignificantWhitespace().print(media);
        command("{\"commandId\":\"m-dl\",\"downloadMedia\":{\"messageId\":\"" + id + "\",\"chat\":\""
                + message.getMessage().getChat() + "\",\"media\":" + json + "}}");
        EventEnvelope result = awaitResult("m-dl");
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        assertEquals(sha256(image), result.getCommandResult().getOk().getMedia().getBlobRef());
        assertTrue(events.events(SESSION).stream().anyMatch(e -> e.hasMediaStored()
                && "m-dl".equals(e.getCausationId())));
        byte[] served = given().header("Authorization", "Bearer " + TOKEN)
                .get("/media/" + sha256(image)).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(image, served);

        String metrics = given().header("Authorization", "Bearer " + TOKEN).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        for (String line : java.util.List.of("wabridge_media_uploads_total{kind=\"image\"} 1.0",
                "wabridge_media_uploads_total{kind=\"document\"} 1.0", "wabridge_media_uploads_total{kind=\"ptt\"} 1.0",
                "wabridge_media_downloads_total{kind=\"image\"} 2.0",
                "wabridge_media_reused_total{kind=\"image\",what=\"upload\"} 1.0",
                "wabridge_media_failures_total{code=\"MEDIA_INVALID\",direction=\"download\",kind=\"image\"} 1.0",
                "wabridge_media_failures_total{code=\"MEDIA_FETCH_FAILED\",direction=\"upload\",kind=\"image\"} 3.0")) {
            assertTrue(metrics.contains(line), line + " in\n" + metrics.lines()
                    .filter(l -> l.startsWith("wabridge_media_")).collect(java.util.stream.Collectors.joining("\n")));
        }
    }

    @Test
    @Order(6)
    void aContactsVideoVoiceNoteAndDocumentAreStoredAndServedAndAVideoIsSentByBlobRef() throws Exception {
        // received: each kind through the eager download into the blob store and out of GET /media, sha256 compared
        byte[] video = random(3_000_000, 10);
        String videoId = contactSendsMedia(MediaKind.VIDEO, video, b -> b.mimetype("video/mp4").caption("the clip")
                .width(640).height(360).seconds(12));
        byte[] voice = random(40_000, 11);
        String voiceId = contactSendsMedia(MediaKind.PTT, voice, b -> b.seconds(5)
                .waveform(new byte[] {0, 10, 20, 30, 40, 50, 60, 50, 40, 30, 20, 10}));
        byte[] doc = random(600_000, 12);
        String docId = contactSendsMedia(MediaKind.DOCUMENT, doc, b -> b.mimetype("application/pdf")
                .fileName("contract.pdf"));

        var videoEvent = awaitLong(e -> e.hasMessage() && videoId.equals(e.getMessage().getId()))
                .getMessage().getContent().getMedia();
        assertEquals(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_VIDEO, videoEvent.getKind());
        assertEquals("video/mp4", videoEvent.getMimetype());
        assertEquals("the clip", videoEvent.getCaption());
        assertEquals(640, videoEvent.getWidth());
        assertEquals(360, videoEvent.getHeight());
        assertEquals(12, videoEvent.getDuration());
        assertEquals(video.length, videoEvent.getSize());
        assertEquals(sha256(video), videoEvent.getSha256());
        assertFalse(videoEvent.getDirectPath().isEmpty(), "a consumer may download it itself");
        var voiceEvent = awaitLong(e -> e.hasMessage() && voiceId.equals(e.getMessage().getId()))
                .getMessage().getContent().getMedia();
        assertEquals(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_PTT, voiceEvent.getKind());
        assertEquals(5, voiceEvent.getDuration());
        assertEquals(12, voiceEvent.getWaveform().size());
        var docEvent = awaitLong(e -> e.hasMessage() && docId.equals(e.getMessage().getId()))
                .getMessage().getContent().getMedia();
        assertEquals("contract.pdf", docEvent.getFileName());

        for (var received : java.util.List.of(java.util.Map.entry(videoId, video), java.util.Map.entry(voiceId, voice),
                java.util.Map.entry(docId, doc))) {
            String id = received.getKey();
            String sha = sha256(received.getValue());
            EventEnvelope stored = awaitLong(e -> e.hasMediaStored() && id.equals(e.getMediaStored().getMessageId()));
            assertEquals("wabridge:media:" + id, stored.getCausationId());
            assertEquals(sha, stored.getMediaStored().getMedia().getBlobRef(), stored.toString());
            byte[] served = given().header("Authorization", "Bearer " + TOKEN).get("/media/" + sha)
                    .then().statusCode(200).extract().asByteArray();
            assertEquals(sha, sha256(served), "GET /media serves the very bytes the contact sent (" + id + ")");
        }
        assertEquals("video/mp4", given().header("Authorization", "Bearer " + TOKEN).head("/media/" + sha256(video))
                .then().statusCode(200).extract().contentType());

        // sent: a video from a blob reference, decrypted by the contact byte for byte, with its details
        byte[] clip = random(2_500_000, 13);
        String ref = blobs.put(new ByteArrayInputStream(clip), "video/mp4").blob().sha256();
        command("{\"commandId\":\"m-vid\",\"sendMessage\":{\"to\":\"" + SimulatedServer.CONTACT_PHONE + "\","
                + "\"content\":{\"media\":{\"kind\":\"MEDIA_KIND_VIDEO\",\"caption\":\"our clip\",\"duration\":7,"
                + "\"width\":320,\"height\":240,\"blobRef\":\"" + ref + "\"}}}}");
        EventEnvelope result = awaitLong(e -> e.hasCommandResult() && "m-vid".equals(e.getCausationId()));
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        assertEquals(ref, result.getCommandResult().getOk().getMedia().getBlobRef());
        assertEquals("video/mp4", result.getCommandResult().getOk().getMedia().getMimetype());
        Media got = awaitMedia(result.getCommandResult().getOk().getMessageId());
        assertEquals(MediaKind.VIDEO, got.kind());
        assertEquals("our clip", got.caption());
        assertEquals(7, got.seconds());
        assertEquals(320, got.width());
        assertEquals(240, got.height());
        assertEquals(ref, sha256(simulator.media().fetch(got)), "the contact decrypts the very bytes");
    }

    /** Generous: a few MB through Kafka, the media host and the blob store on a loaded machine. */
    private EventEnvelope awaitLong(java.util.function.Predicate<EventEnvelope> match) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> events.events(SESSION).stream().filter(match).findFirst().orElse(null), e -> e != null);
    }

    private String contactSendsMedia(MediaKind kind, byte[] bytes, java.util.function.Consumer<Media.Builder> details) {
        Media m = simulator.media().upload(kind, bytes, details);
        String id = contact.send(simulator.account(SimulatedServer.QR_PHONE).jid(), m);
        simulator.media().sent(id, m);
        return id;
    }

    private String contactSends(MediaKind kind, byte[] bytes, String caption) {
        return contactSendsMedia(kind, bytes, b -> {
            if (caption != null) {
                b.caption(caption);
            }
        });
    }

    private void assertError(String commandId, String media, String code) {
        command("{\"commandId\":\"" + commandId + "\",\"sendMessage\":{\"to\":\"" + SimulatedServer.CONTACT_PHONE
                + "\",\"content\":{\"media\":" + media + "}}}");
        EventEnvelope result = awaitResult(commandId);
        assertEquals(code, result.getCommandResult().getError().getCode(), result.toString());
    }

    private Media awaitMedia(String messageId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            ContactMessage m = contact.awaitMessage(Duration.ofMillis(200));
            if (m != null && messageId.equals(m.id()) && m.content() instanceof Media media) {
                return media;
            }
        }
        throw new AssertionError("the contact did not get media message " + messageId);
    }

    private EventEnvelope awaitResult(String commandId) {
        return events.awaitEvent(SESSION, e -> e.hasCommandResult() && commandId.equals(e.getCausationId()));
    }

    private void command(String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
        producer.send(new ProducerRecord<>("wabridge.commands", null, SESSION.getBytes(StandardCharsets.US_ASCII),
                json.getBytes(StandardCharsets.UTF_8), headers));
    }

    private static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 7) ^ (y * 13) ^ width ^ (int) RUN);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed ^ RUN).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
