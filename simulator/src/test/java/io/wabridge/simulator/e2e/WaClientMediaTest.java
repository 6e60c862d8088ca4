package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.media.MediaIntegrityException;
import io.wabridge.client.media.MediaRetry;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.media.MediaTransferException;
import io.wabridge.client.media.MediaType;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaKind;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.media.MediaServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media end to end: our client and a simulated contact exchange every media kind through the simulator's HTTPS
 * media server, encrypted for real, byte-identical both ways; a tampered download fails leaving no file; a blob the
 * server lost comes back through a {@code mediaretry}; uploads fall back to the second host and refresh a refused
 * auth token; size limits and TLS trust are enforced.
 */
class WaClientMediaTest {
    private SimulatedSetup setup;
    @TempDir
    Path dir;

    private SimulatedSetup link(UnaryOperator<MediaSettings> media) throws Exception {
        SimulatedSetup[] holder = new SimulatedSetup[1];
        UnaryOperator<WaClientConfig> configure = config -> config.withMedia(media.apply(MediaSettings.DEFAULTS
                .withTls(MediaTls.trustingPem(holder[0].simulator.media().server().certificatePem()))));
        holder[0] = new SimulatedSetup(configure);
        setup = holder[0].link();
        return setup;
    }

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    private MediaServer server() {
        return setup.simulator.media().server();
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
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

    private byte[] sample(MediaKind kind) throws IOException {
        return switch (kind) {
            case IMAGE -> png(640, 480);
            case STICKER -> random(20_000, 7);
            case DOCUMENT -> random(300_001, 3);
            default -> random(150_000 + kind.ordinal(), kind.ordinal());
        };
    }

    private Media awaitMediaAtClient(String id) throws InterruptedException {
        while (true) {
            ClientEvent.MessageReceived m = setup.await(ClientEvent.MessageReceived.class);
            if (m.id().equals(id)) {
                return assertInstanceOf(Media.class, m.content(), m.toString());
            }
        }
    }

    private static MediaRetry.Origin origin(String id, SimulatedSetup s) {
        return new MediaRetry.Origin(id, s.alice.jid(), false, null);
    }

    @Test
    void everyKindGoesBothWaysByteIdentical() throws Exception {
        link(UnaryOperator.identity());
        WaClient client = setup.client;
        for (MediaKind kind : MediaKind.values()) {
            byte[] data = sample(kind);
            // ours -> contact
            Media sent = client.media().prepare(kind, MediaSource.ofBytes(data), b -> {
                b.caption(kind == MediaKind.IMAGE || kind == MediaKind.VIDEO || kind == MediaKind.DOCUMENT
                        ? "a " + kind : null);
                if (kind == MediaKind.DOCUMENT) {
                    b.fileName("report.pdf").mimetype("application/pdf");
                }
                if (kind == MediaKind.PTT) {
                    b.waveform(random(64, 1)).seconds(3);
                }
                if (kind == MediaKind.STICKER) {
                    b.width(512).height(512);
                }
            }).get(30, TimeUnit.SECONDS);
            String id = client.sendMessage(setup.alice.jid(), sent, null).get(30, TimeUnit.SECONDS).messageId();
            ContactMessage atAlice = setup.alice.awaitMessage(Duration.ofSeconds(10));
            assertEquals(id, atAlice.id());
            assertEquals("media", atAlice.type());
            Media received = assertInstanceOf(Media.class, atAlice.content(), kind.toString());
            assertEquals(kind, received.kind());
            assertEquals(sent.caption(), received.caption());
            assertArrayEquals(data, setup.simulator.media().fetch(received), kind + " decrypted by the contact");
            if (kind == MediaKind.IMAGE) {
                assertEquals(640, received.width());
                assertEquals(480, received.height());
                assertNotNull(ImageIO.read(new java.io.ByteArrayInputStream(received.jpegThumbnail())),
                        "the thumbnail is a JPEG");
            }
            if (kind == MediaKind.PTT) {
                assertArrayEquals(random(64, 1), received.waveform());
            }
            if (kind == MediaKind.DOCUMENT) {
                assertEquals("report.pdf", received.fileName());
                assertEquals("application/pdf", received.mimetype());
            }

            // contact -> ours
            Media fromAlice = setup.simulator.media().upload(kind, data, b -> b.caption("from alice"));
            String aliceId = setup.alice.send(setup.me.jid(), fromAlice);
            Media atClient = awaitMediaAtClient(aliceId);
            assertEquals(kind, atClient.kind());
            Path target = dir.resolve(kind + ".bin");
            client.media().downloadToFile(atClient, target, null).get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, Files.readAllBytes(target), kind + " decrypted by our client");
        }
        assertEquals(1, client.media().mediaConn().fetches(), "media_conn is cached within its ttl");
    }

    @Test
    void aTamperedDownloadFailsAndLeavesNothingBehind() throws Exception {
        link(UnaryOperator.identity());
        Media media = setup.simulator.media().upload(MediaKind.IMAGE, png(64, 64), null);
        Media atClient = awaitMediaAtClient(setup.alice.send(setup.me.jid(), media));
        server().tamperNextDownloads(100);
        Path target = dir.resolve("tampered.png");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> setup.client.media().downloadToFile(atClient, target, null).get(30, TimeUnit.SECONDS));
        assertInstanceOf(MediaIntegrityException.class, e.getCause());
        assertFalse(Files.exists(target));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no temporary file left");
        }
        server().tamperNextDownloads(0);
        setup.client.media().downloadToFile(atClient, target, null).get(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(target), "the session keeps working");
    }

    @Test
    void aLostBlobComesBackThroughAMediaRetry() throws Exception {
        link(UnaryOperator.identity());
        byte[] data = random(200_000, 11);
        Media media = setup.simulator.media().upload(MediaKind.VIDEO, data, null);
        String id = setup.alice.send(setup.me.jid(), media);
        setup.simulator.media().sent(id, media);
        Media atClient = awaitMediaAtClient(id);
        assertTrue(server().lose(atClient.blob().directPath()));

        ExecutionException gone = assertThrows(ExecutionException.class, () -> setup.client.media()
                .downloadToFile(atClient, dir.resolve("no-retry.mp4"), null).get(30, TimeUnit.SECONDS));
        assertEquals(MediaTransferException.Code.GONE,
                assertInstanceOf(MediaTransferException.class, gone.getCause()).code());

        Path target = dir.resolve("video.mp4");
        setup.client.media().downloadToFile(atClient, target, origin(id, setup)).get(30, TimeUnit.SECONDS);
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals(1, setup.client.media().retryRequests());
    }

    @Test
    void aRetryForMediaNoPhoneHasFailsClearly() throws Exception {
        link(s -> s.withRetryTimeout(Duration.ofSeconds(10)));
        Media media = setup.simulator.media().upload(MediaKind.AUDIO, random(1000, 5), null);
        String id = setup.alice.send(setup.me.jid(), media); // not remembered: no phone can re-upload it
        Media atClient = awaitMediaAtClient(id);
        server().lose(atClient.blob().directPath());
        ExecutionException e = assertThrows(ExecutionException.class, () -> setup.client.media()
                .downloadToFile(atClient, dir.resolve("a.ogg"), origin(id, setup)).get(30, TimeUnit.SECONDS));
        MediaTransferException failure = assertInstanceOf(MediaTransferException.class, e.getCause());
        assertEquals(MediaTransferException.Code.GONE, failure.code());
        assertTrue(failure.getMessage().contains("error 2"), failure.getMessage());
    }

    @Test
    void uploadsFallBackToTheNextHostAndRefreshARefusedAuthToken() throws Exception {
        link(UnaryOperator.identity());
        server().primaryHostDown(true);
        byte[] data = random(5000, 9);
        Media first = setup.client.media().prepare(MediaKind.DOCUMENT, MediaSource.ofBytes(data), null)
                .get(30, TimeUnit.SECONDS);
        assertNotNull(first.blob().directPath());
        server().primaryHostDown(false);

        server().rotateAuth();
        Media second = setup.client.media().prepare(MediaKind.DOCUMENT,
                MediaSource.ofStream(new java.io.ByteArrayInputStream(data), -1), null).get(30, TimeUnit.SECONDS);
        assertEquals(1, server().authRefusals());
        assertEquals(2, setup.client.media().mediaConn().fetches(), "a refused token makes media_conn be asked again");
        assertArrayEquals(first.blob().fileSha256(), second.blob().fileSha256());
        // Both copies download (from the fallback host listed second when the first is dead).
        server().primaryHostDown(true);
        setup.client.media().downloadToFile(second, dir.resolve("doc"), null).get(30, TimeUnit.SECONDS);
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("doc")));
    }

    @Test
    void filesOverTheTypeLimitAreRefusedBeforeAnyUpload() throws Exception {
        link(s -> s.withLimits(MediaType.IMAGE, new MediaSettings.Limits(1024, Duration.ofSeconds(30))));
        long uploads = server().uploads();
        ExecutionException e = assertThrows(ExecutionException.class, () -> setup.client.media()
                .prepare(MediaKind.IMAGE, MediaSource.ofBytes(random(2048, 1)), null).get(30, TimeUnit.SECONDS));
        assertEquals(MediaTransferException.Code.TOO_LARGE,
                assertInstanceOf(MediaTransferException.class, e.getCause()).code());
        ExecutionException stream = assertThrows(ExecutionException.class, () -> setup.client.media()
                .prepare(MediaKind.IMAGE, MediaSource.ofStream(new java.io.ByteArrayInputStream(random(2048, 1)), -1),
                        null).get(30, TimeUnit.SECONDS));
        assertEquals(MediaTransferException.Code.TOO_LARGE,
                assertInstanceOf(MediaTransferException.class, stream.getCause()).code());
        assertEquals(uploads, server().uploads());

        Media big = setup.simulator.media().upload(MediaKind.IMAGE, random(4096, 2), null);
        Media atClient = awaitMediaAtClient(setup.alice.send(setup.me.jid(), big));
        ExecutionException down = assertThrows(ExecutionException.class, () -> setup.client.media()
                .downloadToFile(atClient, dir.resolve("big"), null).get(30, TimeUnit.SECONDS));
        assertEquals(MediaTransferException.Code.TOO_LARGE,
                assertInstanceOf(MediaTransferException.class, down.getCause()).code());
    }

    @Test
    void anUnreachableMediaHostIsAFetchFailureAndNothingIsWritten() throws Exception {
        link(s -> s.withDownloadAttempts(2));
        Media media = setup.simulator.media().upload(MediaKind.IMAGE, png(32, 32), null);
        Media atClient = awaitMediaAtClient(setup.alice.send(setup.me.jid(), media));
        Media elsewhere = atClient.withBlob(atClient.blob().withLocation("https://127.0.0.1:1/v/x.enc", null));
        Path target = dir.resolve("unreachable.png");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> setup.client.media().downloadToFile(elsewhere, target, null).get(30, TimeUnit.SECONDS));
        assertEquals(MediaTransferException.Code.FETCH_FAILED,
                assertInstanceOf(MediaTransferException.class, e.getCause()).code());
        assertFalse(Files.exists(target));
        setup.client.media().downloadToFile(atClient, target, null).get(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(target), "the next download of the session works");
    }

    @Test
    void aDownloadThatStallsEndsAtTheTypesTimeoutWithNothingWritten() throws Exception {
        link(s -> s.withLimits(MediaType.IMAGE, new MediaSettings.Limits(1 << 20, Duration.ofSeconds(3))));
        Media media = setup.simulator.media().upload(MediaKind.IMAGE, random(300_000, 4), null);
        Media atClient = awaitMediaAtClient(setup.alice.send(setup.me.jid(), media));
        server().stallNextDownloads(1);
        Path target = dir.resolve("stalled");
        long started = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> setup.client.media().downloadToFile(atClient, target, null).get(30, TimeUnit.SECONDS));
        assertEquals(MediaTransferException.Code.TIMEOUT,
                assertInstanceOf(MediaTransferException.class, e.getCause()).code());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20), "ended by the timeout, not a hang");
        assertFalse(Files.exists(target));
    }

    @Test
    void aClientThatDoesNotTrustTheServersCertificateSendsNothing() throws Exception {
        link(s -> s.withTls(MediaTls.system()));
        long uploads = server().uploads();
        ExecutionException e = assertThrows(ExecutionException.class, () -> setup.client.media()
                .prepare(MediaKind.DOCUMENT, MediaSource.ofBytes(random(100, 1)), null).get(30, TimeUnit.SECONDS));
        assertEquals(MediaTransferException.Code.UPLOAD_FAILED,
                assertInstanceOf(MediaTransferException.class, e.getCause()).code());
        assertEquals(uploads, server().uploads());
    }
}
