package io.wabridge.bridge.api;

import io.wabridge.bridge.BridgeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The sessions this worker runs: read-only operations view (commands go through Kafka only). */
@Path("/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    BridgeRuntime bridge;

    @Inject
    io.wabridge.bridge.WorkerStartup worker;

    @GET
    public List<SessionView> list() {
        if (!worker.worker()) {
            return List.of(); // wabridge.mode=views runs no sessions
        }
        return bridge.sessions().list().stream().map(SessionView::of).toList();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        if (!worker.worker()) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(Map.of("error", "this process runs the views only (wabridge.mode=views)")).build();
        }
        return bridge.sessions().find(id)
                .map(s -> Response.ok(SessionView.of(s)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "session " + id + " is not run by this worker")).build());
    }
}
