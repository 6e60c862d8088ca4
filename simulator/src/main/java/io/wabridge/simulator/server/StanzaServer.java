package io.wabridge.simulator.server;

import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.simulator.transport.SimulatorConnection;
import io.wabridge.simulator.transport.SimulatorConnectionHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Turns the listener's encrypted connections into {@link ServerSession}s: each gets its codec, router and
 * serial executor, then the installer registers the server's handlers on it before any stanza is routed.
 */
public final class StanzaServer implements SimulatorConnectionHandler {
    private final Scheduler scheduler;
    private final Executor pool;
    private final Consumer<ServerSession> installer;
    private final Map<Long, ServerSession> sessions = new ConcurrentHashMap<>();

    public StanzaServer(Scheduler scheduler, Executor pool, Consumer<ServerSession> installer) {
        this.scheduler = scheduler;
        this.pool = pool;
        this.installer = installer;
    }

    @Override
    public void onOpen(SimulatorConnection connection) {
        SerialExecutor executor = new SerialExecutor(pool, "sim-conn-" + connection.id());
        ServerSession session = new ServerSession(connection, scheduler, executor);
        sessions.put(connection.id(), session);
        executor.execute(() -> installer.accept(session));
    }

    @Override
    public void onFrame(SimulatorConnection connection, byte[] payload) {
        ServerSession session = sessions.get(connection.id());
        if (session != null) {
            session.executor().execute(() -> session.receive(payload));
        }
    }

    @Override
    public void onClosed(SimulatorConnection connection, Throwable cause) {
        ServerSession session = sessions.remove(connection.id());
        if (session != null) {
            session.executor().execute(() -> session.closedByTransport(cause));
        }
    }

    public int openSessions() {
        return sessions.size();
    }

    public java.util.Collection<ServerSession> sessions() {
        return sessions.values();
    }
}
