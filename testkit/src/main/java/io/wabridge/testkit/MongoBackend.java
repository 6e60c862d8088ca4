package io.wabridge.testkit;

/**
 * The MongoDB servers a test class can run against. Use with
 * {@code @ParameterizedClass @EnumSource(MongoBackend.class)} so the same test class runs on each; a backend
 * that cannot run on this machine skips its run.
 */
public enum MongoBackend {
    /** The in-JVM Mongo-wire server (mongo-java-server, memory backend). Always available. */
    MONGO_WIRE {
        @Override
        public String connectionString() {
            return SharedServers.embeddedMongo().connectionString();
        }
    },
    /** Real MongoDB 7 in Docker; skipped when no Docker engine is reachable. */
    DOCKER_MONGO_7 {
        @Override
        public String connectionString() {
            DockerSupport.assumeAvailable("MongoDB " + ContainerImages.MONGO);
            return SharedServers.dockerMongo().getConnectionString();
        }
    };

    /** Connection string of this backend's server, started on first use and shared within the JVM. */
    public abstract String connectionString();
}
