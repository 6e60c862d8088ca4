package io.wabridge.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-JVM server that speaks the MongoDB wire protocol (mongo-java-server), reached with the real MongoDB
 * driver. Stand-in for mongod where none can be installed. It has no transactions, no TTL expiry, no change
 * streams and ignores non-unique secondary indexes, so the store must not depend on any of them.
 *
 * <p>Memory-backed for tests; backed by an H2 MVStore file for the demo, so state survives restarts.
 */
public final class EmbeddedMongo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final Supplier<MongoBackend> backends;
    private final String description;
    private final int port;
    private MongoServer server;

    private EmbeddedMongo(Supplier<MongoBackend> backends, String description, int port) {
        this.backends = backends;
        this.description = description;
        this.port = port > 0 ? port : FreePorts.pick();
    }

    /** Memory-backed: data lives as long as this server runs. */
    public static EmbeddedMongo inMemory() {
        return new EmbeddedMongo(() -> new IndexedMemoryBackend("s"), "memory", 0);
    }

    /** Persisted in one H2 MVStore file, which is created with its parent directories when missing. */
    public static EmbeddedMongo persistent(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EmbeddedMongo(() -> new H2Backend(file.toAbsolutePath().toString()), "file " + file, port);
    }

    public synchronized EmbeddedMongo start() {
        if (server == null) {
            server = new MongoServer(backends.get());
            server.bind("127.0.0.1", port);
            LOG.info("Embedded Mongo-wire server ({}) up at {}", description, connectionString());
        }
        return this;
    }

    /**
     * Closes the listener, every client connection and the backend. A memory-backed server loses its data;
     * a file-backed one finds it again on {@link #start()}.
     */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
            LOG.info("Embedded Mongo-wire server at {} stopped", connectionString());
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
