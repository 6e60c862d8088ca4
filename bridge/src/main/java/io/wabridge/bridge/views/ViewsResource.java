package io.wabridge.bridge.views;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The views over HTTP, on every worker: any worker answers for any session (forwarding to the one holding it; a
 * worker without the views sends the query to {@code wabridge.views.url}, see {@link RemoteViews}).
 * Bodies are protobuf's JSON mapping of {@code wabridge.v1.SessionStatus} and {@code wabridge.v1.ChatView}
 * (schemas/src/main/proto/wabridge/v1/views.proto), every field printed.
 */
@Path("/views/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "views", description = "Session status and chats, kept by Kafka Streams from wabridge.events")
public class ViewsResource {

    private static final String SESSION_EXAMPLE = """
            {"sessionId":"acme","state":"OPEN","me":{"pn":"15550001111@s.whatsapp.net","lid":"123456789012345@lid"},\
            "worker":"bridge-7d9f-1","lastOpenAt":"2026-01-01T10:00:05Z","lastCloseAt":"2026-01-01T09:59:58Z",\
            "lastCloseReason":"stream error 515 (restart)","pairedAt":"2025-12-24T08:00:00Z","loggedOut":false,\
            "messagesIn":"42","messagesOut":"17","updatedAt":"2026-01-01T10:03:00Z",\
            "lastEventId":"01KAV9FT3VXRTQT3WJFVE7K67B","loggedOutReason":"","stateSince":"2026-01-01T10:00:05Z"}""";
    private static final String CHATS_EXAMPLE = """
            {"sessionId":"acme","chats":[{"chat":"15550002222@s.whatsapp.net","lastMessage":{"id":"3EB0C431C26A1916E07A",\
            "sender":{"pn":"15550002222@s.whatsapp.net","lid":""},"kind":"text","preview":"Hello!",\
            "timestamp":"2026-01-01T10:03:00Z","fromMe":false},"unread":2,"lastReadAt":"2026-01-01T09:00:00Z",\
            "archived":false,"pinned":false}],"nextCursor":"15550002222@s.whatsapp.net"}""";
    private static final String NOT_FOUND_EXAMPLE = "{\"error\":\"unknown session acme\",\"sessionId\":\"acme\"}";

    @Inject
    ViewsBeans views;

    @GET
    @Operation(summary = "All sessions, ordered by session id",
            description = "Every worker's sessions merged. Page with limit (1-1000, default 100) and the previous"
                    + " page's nextCursor (null on the last page).")
    @APIResponse(responseCode = "200", description = "{sessions: [SessionStatus], nextCursor}",
            content = @Content(examples = @ExampleObject(name = "page",
                    value = "{\"sessions\":[" + SESSION_EXAMPLE + "],\"nextCursor\":null}")))
    @APIResponse(responseCode = "503", description = "The views are restoring or rebalancing, or a worker (or, on a"
            + " worker without them, the views) did not answer: {error}; retry")
    public Response sessions(@QueryParam("limit") @DefaultValue("100") int limit,
                             @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page")
                             String cursor,
                             @HeaderParam(ViewsQueries.FORWARDED_HEADER) String forwarded,
                             @HeaderParam(RemoteViews.HOP_HEADER) String hop) {
        return looped(hop) ? loop() : answer(views.sessions(limit, blankToNull(cursor), forwarded != null));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One session's status")
    @APIResponse(responseCode = "200", description = "SessionStatus",
            content = @Content(examples = @ExampleObject(name = "status", value = SESSION_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such session in the views",
            content = @Content(examples = @ExampleObject(name = "unknown", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "503", description = "The views are restoring or rebalancing, or (on a worker without"
            + " them) did not answer: {error}; retry")
    public Response session(@PathParam("id") String id,
                            @HeaderParam(ViewsQueries.FORWARDED_HEADER) String forwarded,
                            @HeaderParam(RemoteViews.HOP_HEADER) String hop) {
        return looped(hop) ? loop() : answer(views.session(id, forwarded != null));
    }

    @GET
    @Path("/{id}/chats")
    @Operation(summary = "One session's chats, ordered by chat JID",
            description = "Page with limit (1-1000, default 100) and the previous page's nextCursor.")
    @APIResponse(responseCode = "200", description = "{sessionId, chats: [ChatView], nextCursor}",
            content = @Content(examples = @ExampleObject(name = "page", value = CHATS_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such session in the views",
            content = @Content(examples = @ExampleObject(name = "unknown", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "503", description = "The views are restoring or rebalancing, or (on a worker without"
            + " them) did not answer: {error}; retry")
    public Response chats(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("100") int limit,
                          @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page")
                          String cursor,
                          @HeaderParam(ViewsQueries.FORWARDED_HEADER) String forwarded,
                          @HeaderParam(RemoteViews.HOP_HEADER) String hop) {
        return looped(hop) ? loop() : answer(views.chats(id, limit, blankToNull(cursor), forwarded != null));
    }

    /**
     * A query another process without the views sent on to this one, which has none either: its
     * {@code wabridge.views.url} names a worker, and sending it on could go round forever.
     */
    private boolean looped(String hop) {
        return hop != null && !views.enabled();
    }

    private static Response loop() {
        return Response.status(508).type(MediaType.APPLICATION_JSON)
                .entity("{\"error\":\"a view query sent on to wabridge.views.url reached a worker without the"
                        + " views: that URL must name the views processes\"}").build();
    }

    /** The answer as it is; 404 for none (the views off here and no {@code wabridge.views.url}). */
    private static Response answer(ViewsQueries.Answer a) {
        if (a == null) {
            return off();
        }
        Response.ResponseBuilder r = Response.status(a.status()).entity(a.json()).type(MediaType.APPLICATION_JSON);
        if (a.status() == 503) {
            r.header("Retry-After", "1");
        }
        return r.build();
    }

    private static Response off() {
        return Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity("{\"error\":\"the views are switched off on this worker (wabridge.views.enabled=false) and"
                        + " wabridge.views.url does not name where they run\"}")
                .build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
