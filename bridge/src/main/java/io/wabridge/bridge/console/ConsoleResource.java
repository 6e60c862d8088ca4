package io.wabridge.bridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.wabridge.bridge.contract.InvalidCommandException;
import io.wabridge.bridge.contract.SessionIds;
import io.wabridge.bridge.security.ConsoleSession;
import io.wabridge.bridge.security.ConsoleSignIn;
import io.wabridge.bridge.views.ViewsBeans;
import io.wabridge.bridge.views.ViewsQueries;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.Connect;
import io.wabridge.proto.v1.Disconnect;
import io.wabridge.proto.v1.Logout;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.PairingCodePairing;
import io.wabridge.proto.v1.QrPairing;
import io.wabridge.proto.v1.SendMessage;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The operator console: its pages (static HTML and a little JavaScript from {@code resources/console}), sign-in,
 * and the JSON API the pages call. Actions are commands produced to Kafka ({@link ConsoleCommands}), answered by
 * {@code command_result} events on the page's event stream ({@link ConsoleEvents}).
 */
@Path("/console")
public class ConsoleResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ASSETS = Map.of("console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    @Inject
    ConsoleCommands commands;

    @Inject
    ConsoleEvents events;

    @Inject
    ConsoleSignIn signIn;

    @Inject
    ViewsBeans views;

    @Inject
    SecurityIdentity identity;

    @Context
    HttpServerRequest request;

    // --- pages ---

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index() {
        return page("index.html", 200);
    }

    @GET
    @Path("/sessions/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response sessionPage(@PathParam("id") String id) {
        return page("session.html", 200);
    }

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    public Response loginPage() {
        return page("login.html", 200);
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response login(@FormParam("username") String user, @FormParam("password") String password) {
        if (!signIn.required()) {
            return Response.seeOther(URI.create("/console")).build();
        }
        ConsoleSignIn.Result r = signIn.signIn(user, password, address());
        if (r.ok()) {
            return Response.seeOther(URI.create("/console")).cookie(cookie(r.cookie(), (int) r.maxAgeSeconds())).build();
        }
        if (r.retryAfterSeconds() > 0) {
            return page("login.html", 429, "Too many failed sign-ins from this address. Try again in "
                    + r.retryAfterSeconds() + " s.").header("Retry-After", r.retryAfterSeconds()).build();
        }
        return page("login.html", 401, "Sign-in failed.").build();
    }

    @GET
    @Path("/assets/{name}")
    public Response asset(@PathParam("name") String name) {
        String type = ASSETS.get(name);
        if (type == null) {
            return Response.status(404).build();
        }
        return resource(name).map(bytes -> Response.ok(bytes, type).header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff").build()).orElse(Response.status(404).build());
    }

    // --- JSON API for the pages ---

    @GET
    @Path("/api/me")
    @Produces(MediaType.APPLICATION_JSON)
    public Response me() {
        ConsoleSession session = identity.getAttribute(ConsoleSession.ATTRIBUTE);
        ObjectNode n = JSON.createObjectNode();
        n.put("user", user());
        n.put("csrf", session == null ? "" : session.csrf());
        n.put("authEnabled", signIn.authEnabled());
        n.put("signOut", session != null);
        return Response.ok(n.toString()).build();
    }

    @POST
    @Path("/api/signout")
    @Produces(MediaType.APPLICATION_JSON)
    public Response signOut() {
        ConsoleCommands.AUDIT.infof("sign-out user=%s address=%s", user(), address());
        return Response.ok("{}").cookie(cookie("", 0)).build();
    }

    @GET
    @Path("/api/sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public Response sessions() {
        return answer(views.sessions(ViewsQueries.MAX_LIMIT, null, false));
    }

    @GET
    @Path("/api/sessions/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response session(@PathParam("id") String id) {
        Response invalid = invalidId(id);
        if (invalid != null) {
            return invalid;
        }
        return answer(views.session(id, false));
    }

    @GET
    @Path("/api/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        ObjectNode n = JSON.createObjectNode();
        n.put("kafka", events.kafkaUp() ? "up" : "down");
        n.put("views", views.enabled() ? String.valueOf(views.state()) : views.remote() != null ? "REMOTE" : "OFF");
        return Response.ok(n.toString()).build();
    }

    @POST
    @Path("/api/sessions/{id}/connect")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response connect(@PathParam("id") String id, String body) {
        return act(id, "connect", body, (b, json) -> {
            String phone = text(json, "phone");
            Connect.Builder c = Connect.newBuilder();
            if ("code".equals(text(json, "pairing"))) {
                c.setPairingCode(PairingCodePairing.newBuilder().setPhone(phone));
            } else {
                c.setQr(QrPairing.getDefaultInstance());
            }
            b.setConnect(c);
        });
    }

    @POST
    @Path("/api/sessions/{id}/disconnect")
    @Produces(MediaType.APPLICATION_JSON)
    public Response disconnect(@PathParam("id") String id) {
        return act(id, "disconnect", null, (b, json) -> b.setDisconnect(Disconnect.getDefaultInstance()));
    }

    @POST
    @Path("/api/sessions/{id}/logout")
    @Produces(MediaType.APPLICATION_JSON)
    public Response logout(@PathParam("id") String id) {
        return act(id, "logout", null, (b, json) -> b.setLogout(Logout.getDefaultInstance()));
    }

    @POST
    @Path("/api/sessions/{id}/send")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response send(@PathParam("id") String id, String body) {
        return act(id, "send_message", body, (b, json) -> b.setSendMessage(SendMessage.newBuilder()
                .setTo(text(json, "to")).setContent(MessageContent.newBuilder().setText(text(json, "text")))));
    }

    @GET
    @Path("/api/sessions/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        try {
            SessionIds.check(id, "session_id");
        } catch (InvalidCommandException e) {
            sink.send(sse.newEvent(EventView.error(e.code().name(), e.getMessage())))
                    .whenComplete((v, t) -> sink.close());
            return;
        }
        events.watch(id, sink, sse);
    }

    // --- helpers ---

    private interface Fill {
        void fill(CommandEnvelope.Builder b, JsonNode json);
    }

    private Response act(String id, String what, String body, Fill fill) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return error(400, "INVALID_REQUEST", "the request body is not JSON");
        }
        CommandEnvelope.Builder b = CommandEnvelope.newBuilder().setSessionId(id == null ? "" : id);
        fill.fill(b, json);
        try {
            ConsoleCommands.Sent sent = commands.send(user(), what, b);
            ObjectNode n = JSON.createObjectNode();
            n.put("commandId", sent.commandId());
            n.put("sessionId", sent.sessionId());
            n.put("partition", sent.partition());
            n.put("offset", sent.offset());
            return Response.accepted(n.toString()).type(MediaType.APPLICATION_JSON).build();
        } catch (ConsoleException e) {
            return error(e.status, e.code, e.getMessage());
        }
    }

    private static Response invalidId(String id) {
        try {
            SessionIds.check(id, "session_id");
            return null;
        } catch (InvalidCommandException e) {
            return error(400, e.code().name(), e.getMessage());
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private String user() {
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    private String address() {
        var remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(ConsoleSession.COOKIE).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .secure(request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto")))
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** A views answer as it is; VIEWS_OFF for none (the views off here and no {@code wabridge.views.url}). */
    private static Response answer(ViewsQueries.Answer a) {
        if (a == null) {
            return error(404, "VIEWS_OFF", "the views are switched off on this worker (wabridge.views.enabled=false)"
                    + " and wabridge.views.url does not name where they run");
        }
        Response.ResponseBuilder r = Response.status(a.status()).entity(a.json()).type(MediaType.APPLICATION_JSON);
        if (a.status() == 503) {
            r.header("Retry-After", "1");
        }
        return r.build();
    }

    private static Response error(int status, String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", code);
        n.put("error", message);
        return Response.status(status).entity(n.toString()).type(MediaType.APPLICATION_JSON).build();
    }

    private Response page(String name, int status) {
        return page(name, status, null).build();
    }

    /** A page; {@code notice}, when given, is shown in its notice area (plain text, escaped). */
    private Response.ResponseBuilder page(String name, int status, String notice) {
        String html = resource(name).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("missing page " + name);
        html = html.replace("<!--notice-->", notice == null ? "" : "<p class=\"notice error\" role=\"alert\">"
                + escape(notice) + "</p>");
        return Response.status(status).entity(html).type(MediaType.TEXT_HTML + "; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self';"
                        + " script-src 'self'; frame-ancestors 'none'; form-action 'self'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    private static java.util.Optional<byte[]> resource(String name) {
        try (InputStream in = ConsoleResource.class.getResourceAsStream("/console/" + name)) {
            return in == null ? java.util.Optional.empty() : java.util.Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
