package io.wabridge.simulator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.pairing.PairingException;
import io.wabridge.simulator.server.StreamErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's HTTP control API, for people and scripts driving a standalone simulator: create phone accounts,
 * play their phones (scan a QR, type a pairing code), list and unlink devices, force stream errors. JSON in and out;
 * every failure is {@code {"error": code, "message": text}} with a fitting status.
 *
 * <pre>
 * POST   /accounts                                  {"phone": "15550001111", "platform": "android"?}  201 account
 * GET    /accounts                                                                                  200 [account]
 * GET    /accounts/{phone}                                                                          200 account
 * POST   /accounts/{phone}/scan                     {"qr": "..."}              200 device once linked
 * POST   /accounts/{phone}/pairing-code             {"code": "ABCD-1234"}      200 device once linked
 * GET    /accounts/{phone}/devices                                                                  200 [device]
 * DELETE /accounts/{phone}/devices/{id}                                                             204
 * POST   /accounts/{phone}/devices/{id}/stream-error {"kind": "515|replaced|device_removed|405|503|drop"} 200
 * </pre>
 * plus the simulated phones as messaging parties, see {@link ContactRoutes}, and groups, see {@link GroupRoutes}.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    /** A pairing waits for the companion's countersignature, which the server itself waits 30 s for. */
    private static final Duration PAIRING_WAIT = Duration.ofSeconds(35);
    /** Large enough for an inline media file of {@code send-media} (base64). */
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private static final Pattern ACCOUNTS = Pattern.compile("/accounts/?");
    private static final Pattern INTEROP = Pattern.compile("/interop/?");
    private static final Pattern ACCOUNT = Pattern.compile("/accounts/([^/]+)/?");
    private static final Pattern ACCOUNT_ACTION = Pattern.compile("/accounts/([^/]+)/(scan|pairing-code|devices)/?");
    private static final Pattern DEVICE = Pattern.compile("/accounts/([^/]+)/devices/([^/]+)/?");
    private static final Pattern DEVICE_STREAM_ERROR = Pattern.compile("/accounts/([^/]+)/devices/([^/]+)/stream-error/?");

    private final AccountRegistry accounts;
    private final ObjectMapper json = new ObjectMapper();
    private final ControlViews views = new ControlViews(json);
    private final ContactRoutes contacts;
    private final GroupRoutes groups;
    private final InteropRoutes interop;
    private final MediaRoutes media;
    private final HistoryRoutes history;
    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private ControlServer(AccountRegistry accounts, io.wabridge.simulator.media.SimulatedMedia media,
                          io.wabridge.simulator.history.SimulatedHistory history, InetSocketAddress address)
            throws IOException {
        this.accounts = accounts;
        this.media = new MediaRoutes(accounts, media, json);
        this.history = new HistoryRoutes(accounts, history, json);
        this.contacts = new ContactRoutes(accounts, json);
        this.groups = new GroupRoutes(accounts, json);
        this.interop = new InteropRoutes(accounts.interop(), json);
        this.http = HttpServer.create(address, 0);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    /** Serves the API for {@code accounts} on {@code host:port} (port 0 picks a free one). */
    public static ControlServer start(AccountRegistry accounts, String host, int port) throws IOException {
        return new ControlServer(accounts, null, null, new InetSocketAddress(host, port));
    }

    /** Serves the API for a simulator's accounts and its media ({@code /media}, {@code send-media}). */
    public static ControlServer start(io.wabridge.simulator.WaSimulator simulator, String host, int port)
            throws IOException {
        return new ControlServer(simulator.accounts(), simulator.media(), simulator.history(),
                new InetSocketAddress(host, port));
    }

    public URI url() {
        InetSocketAddress address = http.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange);
            } catch (RuntimeException e) {
                ApiException error = ControlErrors.translate(e);
                if (error.status >= 500) {
                    LOG.warn("control API {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                }
                reply = new Reply(error.status, json.createObjectNode().put("error", error.code)
                        .put("message", error.getMessage()));
            }
            send(exchange, reply);
        }
    }

    record Reply(int status, JsonNode body) {}

    private Reply route(String method, String path, HttpExchange exchange) throws IOException {
        Matcher m;
        if (MediaRoutes.handles(path)) {
            return media.route(method, path, () -> body(exchange));
        }
        if (HistoryRoutes.handles(path)) {
            return history.route(method, path, () -> body(exchange));
        }
        if (path.startsWith("/contacts")) {
            return contacts.route(method, path, exchange.getRequestURI().getRawQuery(), () -> body(exchange));
        }
        if (path.startsWith("/groups")) {
            return groups.route(method, path, exchange.getRequestURI().getRawQuery(), () -> body(exchange));
        }
        if (INTEROP.matcher(path).matches()) {
            return interop.route(method, path, () -> body(exchange));
        }
        if (ACCOUNTS.matcher(path).matches()) {
            return switch (method) {
                case "GET" -> {
                    ArrayNode list = json.createArrayNode();
                    accounts.all().forEach(a -> list.add(views.account(a)));
                    yield new Reply(200, list);
                }
                case "POST" -> {
                    JsonNode body = body(exchange);
                    String platform = body.path("platform").asText("android");
                    yield new Reply(201, views.account(accounts.create(text(body, "phone"), platform)));
                }
                default -> throw methodNotAllowed(method, path);
            };
        }
        if ((m = DEVICE_STREAM_ERROR.matcher(path)).matches()) {
            requireMethod("POST", method, path);
            PhoneAccount account = accounts.require(m.group(1));
            int deviceId = deviceId(m.group(2));
            StreamErrorKind kind;
            try {
                kind = StreamErrorKind.parse(text(body(exchange), "kind"));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_kind", e.getMessage());
            }
            if (!account.sendStreamError(deviceId, kind)) {
                throw new ApiException(409, "device_offline", "device " + deviceId + " of " + account.phoneNumber()
                        + " is not connected");
            }
            return new Reply(200, json.createObjectNode().put("sent", true).put("kind", kind.wireName()));
        }
        if ((m = DEVICE.matcher(path)).matches()) {
            PhoneAccount account = accounts.require(m.group(1));
            int deviceId = deviceId(m.group(2));
            return switch (method) {
                case "GET" -> new Reply(200, views.device(account, account.requireDevice(deviceId)));
                case "DELETE" -> {
                    account.phone().removeDevice(deviceId);
                    yield new Reply(204, null);
                }
                default -> throw methodNotAllowed(method, path);
            };
        }
        if ((m = ACCOUNT_ACTION.matcher(path)).matches()) {
            PhoneAccount account = accounts.require(m.group(1));
            return switch (m.group(2)) {
                case "devices" -> {
                    requireMethod("GET", method, path);
                    yield new Reply(200, views.devices(account));
                }
                case "scan" -> {
                    requireMethod("POST", method, path);
                    yield linked(account, account.phone().scanQr(text(body(exchange), "qr")));
                }
                default -> {
                    requireMethod("POST", method, path);
                    yield linked(account, account.phone().confirmPairingCode(text(body(exchange), "code")));
                }
            };
        }
        if ((m = ACCOUNT.matcher(path)).matches()) {
            requireMethod("GET", method, path);
            return new Reply(200, views.account(accounts.require(m.group(1))));
        }
        throw new ApiException(404, "not_found", "no such resource: " + path);
    }

    /** Waits for a pairing to finish and answers with the new device. */
    private Reply linked(PhoneAccount account, CompletableFuture<LinkedDevice> pairing) {
        try {
            return new Reply(200, views.device(account, pairing.get(PAIRING_WAIT.toSeconds(), TimeUnit.SECONDS)));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new PairingException(PairingException.Reason.TIMEOUT,
                    "the pairing did not finish within " + PAIRING_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the server is stopping");
        }
    }

    /** A request body, read on demand. */
    @FunctionalInterface
    interface Body {
        JsonNode read() throws IOException;
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiException(413, "body_too_large", "request bodies are at most " + MAX_BODY + " bytes");
        }
        if (bytes.length == 0) {
            throw new ApiException(400, "bad_request", "a JSON object body is required");
        }
        try {
            JsonNode body = json.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new ApiException(400, "bad_request", "the body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "bad_request", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new ApiException(400, "bad_request", "field \"" + field + "\" (a non-empty string) is required");
        }
        return value.asText();
    }

    private static int deviceId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad_request", "a device id is a number, got '" + text + "'");
        }
    }

    static void requireMethod(String expected, String method, String path) {
        if (!expected.equals(method)) {
            throw methodNotAllowed(method, path);
        }
    }

    static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(405, "method_not_allowed", method + " is not allowed on " + path);
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] bytes = (json.writeValueAsString(reply.body()) + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
