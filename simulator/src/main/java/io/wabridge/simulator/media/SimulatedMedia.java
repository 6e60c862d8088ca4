package io.wabridge.simulator.media;

import io.wabridge.client.binary.Node;
import io.wabridge.client.media.ExpectedMedia;
import io.wabridge.client.media.MediaCrypto;
import io.wabridge.client.media.MediaEncryptingInputStream;
import io.wabridge.client.media.MediaKeys;
import io.wabridge.client.media.MediaProcessor;
import io.wabridge.client.media.MediaRetry;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.media.MediaType;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaBlob;
import io.wabridge.client.message.content.MediaKind;
import io.wabridge.proto.wa.MediaRetryNotification;
import io.wabridge.simulator.messaging.DeviceEndpoint;
import io.wabridge.simulator.server.ServerSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media in the simulator: the {@link MediaServer} (started on first use, so simulators that never see media pay
 * nothing), the simulated phones' side of media (encrypt and upload a file into a {@link Media} message; fetch,
 * verify and decrypt a received one), and the phones' answer to {@code mediaretry} requests: a phone that sent a
 * media message keeps its blob, so when a receiver asks (a {@code receipt type="server-error"} with {@code <rmr>}),
 * it checks the request under the message's media key, uploads the blob again and the server relays the
 * {@code mediaretry} notification with the new direct path.
 */
public final class SimulatedMedia implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMedia.class);
    /** How many sent media messages the phones remember for re-uploads. */
    static final int REMEMBERED = 10_000;

    private record Sent(byte[] mediaKey, byte[] encSha256) {
    }

    private final Clock clock;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private MediaServer server;
    private boolean closed;

    public SimulatedMedia(Clock clock) {
        this.clock = clock;
    }

    /** The media server, started on first call. */
    public synchronized MediaServer server() {
        if (closed) {
            throw new IllegalStateException("the simulator is closed");
        }
        if (server == null) {
            try {
                server = MediaServer.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the media server", e);
            }
        }
        return server;
    }

    /** Serves {@code plain} as it is (a profile picture: not encrypted) on the media server; returns its direct path. */
    public String publishPlain(byte[] plain) {
        try {
            return server().store("image", new java.io.ByteArrayInputStream(plain));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a picture", e);
        }
    }

    /** Answers {@code media_conn} iqs on a connection (starting the server when the first one comes). */
    public void install(ServerSession session) {
        session.router().on(io.wabridge.client.stanza.StanzaMatcher.iq("set", "w:m"),
                iq -> session.send(server().mediaConnAnswer(iq)));
    }

    /**
     * A phone encrypts {@code plain} under a fresh media key and uploads it; returns the media message to send
     * (image dimensions and thumbnail made by the shared {@link MediaProcessor}), {@code details} for the rest.
     */
    public Media upload(MediaKind kind, byte[] plain, Consumer<Media.Builder> details) {
        Stored stored = store(MediaType.of(kind), plain);
        MediaBlob blob = new MediaBlob("https://" + server().host() + stored.directPath(), stored.directPath(),
                stored.mediaKey(), stored.digest().fileSha256(), stored.digest().fileEncSha256(),
                stored.digest().fileLength(), clock.instant().getEpochSecond());
        Media.Builder builder = Media.builder(kind, blob);
        MediaProcessor.INSTANCE.describe(kind, MediaSource.ofBytes(plain), builder, null);
        if (details != null) {
            details.accept(builder);
        }
        return builder.build();
    }

    /** Encrypts and uploads a blob that is no message's media (app-state snapshots, history); its reference. */
    public io.wabridge.proto.wa.ExternalBlobReference uploadBlob(MediaType type, byte[] plain) {
        Stored stored = store(type, plain);
        return io.wabridge.proto.wa.ExternalBlobReference.newBuilder()
                .setMediaKey(com.google.protobuf.ByteString.copyFrom(stored.mediaKey())).setDirectPath(stored.directPath())
                .setFileSizeBytes(stored.digest().fileLength())
                .setFileSha256(com.google.protobuf.ByteString.copyFrom(stored.digest().fileSha256()))
                .setFileEncSha256(com.google.protobuf.ByteString.copyFrom(stored.digest().fileEncSha256())).build();
    }

    private record Stored(byte[] mediaKey, String directPath, io.wabridge.client.media.MediaDigest digest) {
    }

    /** Encrypts {@code plain} under a fresh media key and stores it on the media server, as a phone's upload does. */
    private Stored store(MediaType type, byte[] plain) {
        byte[] mediaKey = MediaKeys.newMediaKey();
        MediaEncryptingInputStream encrypted = new MediaEncryptingInputStream(
                new java.io.ByteArrayInputStream(plain), MediaKeys.derive(mediaKey, type));
        try {
            String directPath = server().store(type.mmsType(), encrypted);
            return new Stored(mediaKey, directPath, encrypted.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A phone encrypts a blob that is not a media message (a history chunk) under a fresh key of {@code type} and
     * uploads it; returns where it is and how to check it.
     */
    public MediaBlob uploadMediaBlob(MediaType type, byte[] plain) {
        Stored stored = store(type, plain);
        var digest = stored.digest();
        return new MediaBlob("https://" + server().host() + stored.directPath(), stored.directPath(), stored.mediaKey(),
                digest.fileSha256(), digest.fileEncSha256(), digest.fileLength(), clock.instant().getEpochSecond());
    }

    /** Remembers a media message a phone sent, so it can answer a re-upload request for it. */
    public void sent(String messageId, Media media) {
        if (sent.size() >= REMEMBERED) {
            sent.clear(); // a simulator's memory, not a CDN's: old messages are forgotten wholesale
        }
        sent.put(messageId, new Sent(media.blob().mediaKey(), media.blob().fileEncSha256()));
    }

    /**
     * A phone downloads, verifies and decrypts a media message it received (from the server's store, as a phone
     * on the same network would).
     *
     * @throws IOException when the blob is gone or does not verify
     */
    public byte[] fetch(Media media) throws IOException {
        MediaBlob blob = media.blob();
        String path = blob.directPath() != null ? blob.directPath() : java.net.URI.create(blob.url()).getRawPath();
        try (InputStream in = server().open(path)) {
            if (in == null) {
                throw new IOException("no blob at " + path);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MediaCrypto.decrypt(in, out, MediaKeys.derive(blob.mediaKey(), MediaType.of(media.kind())),
                    new ExpectedMedia(blob.fileSha256(), blob.fileEncSha256(), blob.fileLength()));
            return out.toByteArray();
        }
    }

    /**
     * A {@code receipt type="server-error"} with {@code <rmr>} from a device: the sender's phone re-uploads and the
     * device gets the {@code mediaretry} notification (an {@code <error code="2"/>} one when no phone has it).
     */
    public void onRetryRequest(DeviceEndpoint requester, Node receipt) {
        String id = receipt.attr("id", "");
        Node rmr = receipt.child("rmr");
        Sent known = sent.get(id);
        Node notification;
        if (known == null) {
            LOG.info("mediaretry for {} from {}: no phone has that media", id, requester);
            notification = Node.builder("notification").attr("id", id).attr("type", "mediaretry")
                    .attr("t", clock.instant().getEpochSecond())
                    .children(rmr, Node.builder("error").attr("code", 2).build()).build();
        } else {
            try {
                MediaRetry.readRequest(receipt, known.mediaKey());
            } catch (GeneralSecurityException e) {
                LOG.info("mediaretry for {} from {} does not verify: {}", id, requester, e.getMessage());
                return; // the phone cannot read it: WhatsApp's phones stay silent
            }
            String newPath = server().reupload(known.encSha256());
            notification = MediaRetry.notification(id, rmr, known.mediaKey(),
                    newPath != null ? MediaRetryNotification.ResultType.SUCCESS
                            : MediaRetryNotification.ResultType.NOT_FOUND, newPath, null);
        }
        requester.replies().deliver(notification);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.close();
        }
    }
}
