package io.wabridge.launcher;

import static io.wabridge.launcher.OptionValues.port;
import static io.wabridge.launcher.OptionValues.value;

import java.nio.file.Path;

/** Options of {@code ./wabridge demo}. Ports fall back to free ones when the preferred port is taken. */
record DemoOptions(Path dataDir, Path bridgeJar, int kafkaPort, int mongoPort, int httpPort, boolean exitWhenReady,
                   boolean tour, Store store) {

    /** Where the bridge keeps its state: the Mongo-wire store, or a throw-away PostgreSQL server. */
    enum Store { MONGO, POSTGRES }

    static final String USAGE = """
            usage: ./wabridge demo [--store mongo|postgres] [--data DIR] [--kafka-port P] [--mongo-port P] [--http-port P]
                                   [--exit-when-ready] [--no-tour]

              --store S            mongo (default: the Mongo-wire store, persisted under --data) or postgres (a
                                   throw-away PostgreSQL server from the machine's binaries, /usr/lib/postgresql;
                                   its cluster lives in a temporary directory and is deleted on exit)

              --data DIR           where Kafka logs, the Mongo-wire store file and logs live (default ./data)
              --kafka-port P       preferred Kafka port (default 9092)
              --mongo-port P       preferred Mongo-wire port (default 27017)
              --http-port P        preferred bridge HTTP port (default 8080)
              --bridge-jar PATH    the bridge's quarkus-run.jar (default bridge/target/quarkus-app/quarkus-run.jar)
              --exit-when-ready    stop everything once the bridge reports ready and the tour ran (for scripts)
              --no-tour            skip the tour (a connect command, its QR event, a simulated phone scanning it)

            While it runs, type a command and Enter: status | kafka stop | kafka start | mongo stop | mongo start
            (postgres stop | postgres start with --store postgres) | quit
            """;

    static DemoOptions parse(String[] args) {
        Path data = Path.of("data");
        Path jar = Path.of("bridge", "target", "quarkus-app", "quarkus-run.jar");
        int kafka = 9092;
        int mongo = 27017;
        int http = 8080;
        boolean exit = false;
        boolean tour = true;
        Store store = Store.MONGO;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--bridge-jar" -> jar = Path.of(value(args, ++i, "--bridge-jar"));
                case "--kafka-port" -> kafka = port(value(args, ++i, "--kafka-port"));
                case "--mongo-port" -> mongo = port(value(args, ++i, "--mongo-port"));
                case "--http-port" -> http = port(value(args, ++i, "--http-port"));
                case "--exit-when-ready" -> exit = true;
                case "--no-tour" -> tour = false;
                case "--store" -> store = switch (value(args, ++i, "--store")) {
                    case "mongo", "mongodb" -> Store.MONGO;
                    case "postgres", "postgresql" -> Store.POSTGRES;
                    default -> throw new IllegalArgumentException("--store must be mongo or postgres, got " + args[i]);
                };
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new DemoOptions(data, jar, kafka, mongo, http, exit, tour, store);
    }
}
