package io.wabridge.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from the machine's own binaries (Debian's {@code postgresql} package): a fresh
 * cluster ({@code initdb}) in a temporary directory, one free loopback port, trust authentication for the
 * {@code postgres} superuser, fsync switched off (a committed transaction survives the server process, not the
 * machine): a fixture for tests and the demo, never for data that matters.
 *
 * <p>PostgreSQL refuses to run as root. Run by root (CI), the cluster belongs to an unprivileged user and every
 * server binary is started through {@code setpriv}: the user named by {@code wabridge.postgres.user} (or
 * {@code WABRIDGE_PG_USER}) if set, else {@code wabridge-pg} if it exists, else {@code nobody}.
 *
 * <p>{@link #stop()} and {@link #start()} again keep the data directory and the port, so a test can take the
 * database away and bring it back; {@link #close()} stops it and deletes the directory.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The superuser and the database that exist in every fresh cluster. */
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path root;
    private final Path data;
    private final int port;
    private final String runAs;
    private Process server;
    private boolean initialized;

    private EmbeddedPostgres(Path binaries, Path root, int port, String runAs) {
        this.binaries = binaries;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.runAs = runAs;
    }

    /** A server on a free port in a new temporary directory; nothing runs until {@link #start()}. */
    public static EmbeddedPostgres temporary() {
        Path binaries = binaries().orElseThrow(() -> new IllegalStateException(
                "no PostgreSQL server binaries: install Debian's postgresql package (apt-get install -y postgresql)"
                        + " or set wabridge.postgres.bin to the directory holding initdb and postgres"));
        return new EmbeddedPostgres(binaries, Directories.temporary("wabridge-pg-"), FreePorts.pick(), runAsUser());
    }

    /** Whether this machine has server binaries (tests skip the PostgreSQL runs when it has none). */
    public static boolean available() {
        return binaries().isPresent();
    }

    /**
     * The directory holding {@code initdb} and {@code postgres}: {@code wabridge.postgres.bin} or
     * {@code WABRIDGE_PG_BIN}, else the highest version under {@code /usr/lib/postgresql}.
     */
    static Optional<Path> binaries() {
        String configured = System.getProperty("wabridge.postgres.bin", System.getenv("WABRIDGE_PG_BIN"));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            return Files.isExecutable(dir.resolve("postgres")) ? Optional.of(dir) : Optional.empty();
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(EmbeddedPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Null when the JVM does not run as root (the server then runs as the JVM's own user). */
    private static String runAsUser() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return null;
        }
        String configured = System.getProperty("wabridge.postgres.user", System.getenv("WABRIDGE_PG_USER"));
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return userExists("wabridge-pg") ? "wabridge-pg" : "nobody";
    }

    private static boolean userExists(String name) {
        try {
            Process p = new ProcessBuilder("id", "-u", name).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Initializes the cluster on first start, then starts the server and waits until it accepts connections. */
    public synchronized EmbeddedPostgres start() {
        if (server != null && server.isAlive()) {
            return this;
        }
        if (!initialized) {
            initialize();
            initialized = true;
        }
        Path log = root.resolve("server.log");
        List<String> command = new ArrayList<>(asUser());
        command.addAll(List.of(binaries.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-k", root.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200",
                "-c", "shared_buffers=32MB"));
        try {
            server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!accepting()) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + server.exitValue() + ": " + tail(log));
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("PostgreSQL did not start within " + STARTUP + ": " + tail(log));
            }
            sleep(50);
        }
        return this;
    }

    private void initialize() {
        try {
            Files.createDirectories(data);
            if (runAs != null) {
                chown(root, runAs);
                chown(data, runAs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(asUser());
        command.addAll(List.of(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"));
        run(command, Duration.ofSeconds(120));
    }

    /** Whether the server answers a startup probe: pg_isready reports accepting (a mere TCP accept comes earlier). */
    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            return false;
        }
        Path isReady = binaries.resolve("pg_isready");
        if (!Files.isExecutable(isReady)) {
            return true;
        }
        try {
            Process p = new ProcessBuilder(isReady.toString(), "-q", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-U", USER, "-d", DATABASE).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops the server at once (fast shutdown: open transactions roll back and clients lose their connections, as
     * when a database host goes away); the data directory stays for a later {@link #start()}.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        if (server.isAlive()) {
            List<String> command = new ArrayList<>(asUser());
            command.addAll(List.of(binaries.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast",
                    "-w", "-t", "30"));
            try {
                run(command, Duration.ofSeconds(40));
            } catch (RuntimeException e) {
                server.destroyForcibly();
            }
            try {
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server = null;
    }

    public synchronized boolean isRunning() {
        return server != null && server.isAlive();
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}: Hibernate Reactive and Flyway both take this form. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** Creates database {@code name} (owned by the superuser); fails if it exists. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database names here are lower-case identifiers: " + name);
        }
        run(List.of(binaries.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER,
                name), Duration.ofSeconds(60));
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            Directories.deleteRecursively(root);
        }
    }

    private List<String> asUser() {
        if (runAs == null) {
            return List.of();
        }
        // setpriv execs the binary itself (no supervising parent), so the process we hold IS the server.
        return List.of("setpriv", "--reuid=" + runAs, "--regid=" + primaryGroup(runAs), "--clear-groups",
                "--reset-env", "--");
    }

    private static String primaryGroup(String user) {
        try {
            Process p = new ProcessBuilder("id", "-g", user).redirectErrorStream(true).start();
            String gid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("no such user " + user + ": " + gid);
            }
            return gid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void chown(Path path, String user) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(owner);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(primaryGroup(user));
        view.setGroup(group);
    }

    private void run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(root.toFile()).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for PostgreSQL", e);
        }
    }
}
