package io.wabridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaKind;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.account.UnknownAccountException;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.media.MediaServer;
import io.wabridge.simulator.media.SimulatedMedia;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control API's media:
 *
 * <pre>
 * GET  /media                                                                    200 {host, certificatePem, uploads, downloads, mediaConnRequests, authRefusals}
 * POST /media        {"lose": DIRECT_PATH|ENC_SHA256_B64, "rotateAuth": true, "primaryHostDown": bool,
 *                     "tamperNextDownloads": N, "stallNextDownloads": N, "ttlSeconds": N}   200 (the same as GET)
 * POST /contacts/{phone}/send-media {"to", "kind": image|video|gif|audio|ptt|document|sticker,
 *                     "base64": DATA | "size": N, "seed": N, "caption"?, "mimetype"?, "fileName"?, "seconds"?,
 *                     "width"?, "height"?}                                       200 {id, to, directPath, sha256, size}
 * GET  /contacts/{phone}/media/{messageId}                                       200 {kind, size, sha256, base64}
 * </pre>
 * {@code send-media} encrypts the file (given inline, or {@code size} pseudo-random bytes from {@code seed}), uploads
 * it to the media server and sends the media message; the phone remembers it, so a receiver's {@code mediaretry}
 * after {@code lose} is answered with a re-upload. {@code media/{messageId}} downloads, verifies and decrypts a
 * media message the phone received ({@code sha256} is hex of the plaintext). {@code certificatePem} is what a client
 * must trust for the media host (Node: {@code NODE_EXTRA_CA_CERTS}).
 */
final class MediaRoutes {
    private static final Pattern SEND = Pattern.compile("/contacts/([^/]+)/send-media/?");
    private static final Pattern FETCH = Pattern.compile("/contacts/([^/]+)/media/([^/]+)/?");
    private static final int MAX_GENERATED = 64 * 1024 * 1024;

    private final AccountRegistry accounts;
    private final SimulatedMedia media;
    private final ObjectMapper json;

    MediaRoutes(AccountRegistry accounts, SimulatedMedia media, ObjectMapper json) {
        this.accounts = accounts;
        this.media = media;
        this.json = json;
    }

    static boolean handles(String path) {
        return path.equals("/media") || path.equals("/media/") || SEND.matcher(path).matches()
                || FETCH.matcher(path).matches();
    }

    ControlServer.Reply route(String method, String path, ControlServer.Body body) throws IOException {
        if (media == null) {
            throw new ApiException(404, "media_disabled", "this control server was started without media");
        }
        Matcher m;
        if ((m = SEND.matcher(path)).matches()) {
            ControlServer.requireMethod("POST", method, path);
            return send(accounts.messaging().contact(accounts.require(m.group(1))), body.read());
        }
        if ((m = FETCH.matcher(path)).matches()) {
            ControlServer.requireMethod("GET", method, path);
            return fetch(accounts.messaging().contact(accounts.require(m.group(1))), m.group(2));
        }
        if ("POST".equals(method)) {
            switches(body.read());
        } else {
            ControlServer.requireMethod("GET", method, path);
        }
        return new ControlServer.Reply(200, status());
    }

    private ObjectNode status() {
        MediaServer server = media.server();
        return json.createObjectNode().put("host", server.host()).put("certificatePem", server.certificatePem())
                .put("uploads", server.uploads()).put("downloads", server.downloads())
                .put("mediaConnRequests", server.mediaConnRequests()).put("authRefusals", server.authRefusals());
    }

    private void switches(JsonNode request) {
        MediaServer server = media.server();
        if (request.hasNonNull("lose") && !server.lose(request.get("lose").asText())) {
            throw new ApiException(404, "unknown_media", "no served blob " + request.get("lose").asText());
        }
        if (request.path("rotateAuth").asBoolean(false)) {
            server.rotateAuth();
        }
        if (request.has("primaryHostDown")) {
            server.primaryHostDown(request.get("primaryHostDown").asBoolean());
        }
        if (request.has("tamperNextDownloads")) {
            server.tamperNextDownloads(request.get("tamperNextDownloads").asInt());
        }
        if (request.has("stallNextDownloads")) {
            server.stallNextDownloads(request.get("stallNextDownloads").asInt());
        }
        if (request.has("ttlSeconds")) {
            server.ttlSeconds(request.get("ttlSeconds").asLong());
        }
    }

    private ControlServer.Reply send(SimulatedContact contact, JsonNode request) {
        Jid to = ContactRoutes.recipient(ControlServer.text(request, "to"));
        if (accounts.find(to).isEmpty()) {
            throw new UnknownAccountException("no account for " + to);
        }
        MediaKind kind = MediaKind.fromName(ControlServer.text(request, "kind")).orElseThrow(() -> new ApiException(
                400, "bad_request", "kind must be image, video, gif, audio, ptt, document or sticker"));
        byte[] data;
        if (request.hasNonNull("base64")) {
            try {
                data = Base64.getDecoder().decode(request.get("base64").asText());
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "bad_request", "base64 is not base64");
            }
        } else {
            long size = request.path("size").asLong(-1);
            if (size < 0 || size > MAX_GENERATED) {
                throw new ApiException(400, "bad_request", "give base64, or size (0.." + MAX_GENERATED + ") and seed");
            }
            data = new byte[(int) size];
            new Random(request.path("seed").asLong(0)).nextBytes(data);
        }
        Media message = media.upload(kind, data, b -> {
            if (request.hasNonNull("caption")) b.caption(request.get("caption").asText());
            if (request.hasNonNull("mimetype")) b.mimetype(request.get("mimetype").asText());
            if (request.hasNonNull("fileName")) b.fileName(request.get("fileName").asText());
            if (request.hasNonNull("seconds")) b.seconds(request.get("seconds").asInt());
            if (request.hasNonNull("width")) b.width(request.get("width").asInt());
            if (request.hasNonNull("height")) b.height(request.get("height").asInt());
        });
        String id = contact.send(to, message);
        media.sent(id, message);
        return new ControlServer.Reply(200, json.createObjectNode().put("id", id).put("to", to.toString())
                .put("directPath", message.blob().directPath()).put("sha256", sha256(data)).put("size", data.length));
    }

    private ControlServer.Reply fetch(SimulatedContact contact, String id) throws IOException {
        try {
            for (ContactMessage message : contact.messagesAfter(0, Duration.ZERO)) {
                if (message.id().equals(id)) {
                    if (!(message.content() instanceof Media m)) {
                        throw new ApiException(400, "not_media", "message " + id + " is not a media message");
                    }
                    byte[] data;
                    try {
                        data = media.fetch(m);
                    } catch (IOException e) {
                        throw new ApiException(502, "media_failed", e.getMessage());
                    }
                    return new ControlServer.Reply(200, json.createObjectNode().put("kind", m.kind().wireName())
                            .put("size", data.length).put("sha256", sha256(data))
                            .put("base64", Base64.getEncoder().encodeToString(data)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the server is stopping");
        }
        throw new ApiException(404, "unknown_message", "the phone received no message " + id);
    }

    /** The media fields of a received message, for the {@code messages} listing. */
    static void describe(ObjectNode node, Media m) {
        ObjectNode d = node.putObject("media").put("kind", m.kind().wireName()).put("mimetype", m.mimetype())
                .put("size", m.blob().fileLength()).put("directPath", m.blob().directPath())
                .put("width", m.width()).put("height", m.height()).put("seconds", m.seconds());
        if (m.blob().fileSha256() != null) {
            d.put("sha256", HexFormat.of().formatHex(m.blob().fileSha256()));
        }
        if (m.caption() != null) {
            d.put("caption", m.caption());
        }
        if (m.fileName() != null) {
            d.put("fileName", m.fileName());
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
