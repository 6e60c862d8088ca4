package io.wabridge.testkit;

/** The container images the Docker-backed tests run, matching docker-compose.yml. */
public final class ContainerImages {
    public static final String MONGO = "mongo:7";
    public static final String KAFKA = "apache/kafka:4.1.1";
    public static final String POSTGRES = "postgres:15";

    private ContainerImages() {}
}
