package io.wabridge.testkit;

import io.wabridge.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL servers a test class can run against. Use with
 * {@code @ParameterizedClass @EnumSource(PostgresBackend.class)}; a backend that cannot run on this machine skips
 * its run. Tests isolate themselves by schema (or database) names, not by servers.
 */
public enum PostgresBackend {
    /**
     * A real PostgreSQL server from the machine's own binaries ({@link EmbeddedPostgres}: temporary cluster, free
     * port, unprivileged user when run by root), shared within the JVM. Skipped when no binaries are installed.
     */
    LOCAL_POSTGRES {
        @Override
        public Connection connection() {
            Assumptions.assumeTrue(EmbeddedPostgres.available(),
                    "no PostgreSQL binaries under /usr/lib/postgresql (apt-get install -y postgresql)");
            EmbeddedPostgres server = SharedServers.embeddedPostgres();
            return new Connection(server.jdbcUrl(), EmbeddedPostgres.USER, "");
        }
    },
    /** PostgreSQL 15 in Docker (Testcontainers); skipped when no Docker engine is reachable. */
    DOCKER_POSTGRES_15 {
        @Override
        public Connection connection() {
            DockerSupport.assumeAvailable("PostgreSQL " + ContainerImages.POSTGRES);
            PostgreSQLContainer container = SharedServers.dockerPostgres();
            return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
    };

    /** Where this backend's server listens, started on first use and shared within the JVM. */
    public abstract Connection connection();

    /** A JDBC URL ({@code jdbc:postgresql://host:port/db}) and the credentials to use it. */
    public record Connection(String jdbcUrl, String user, String password) {}
}
