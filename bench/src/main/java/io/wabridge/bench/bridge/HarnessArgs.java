package io.wabridge.bench.bridge;

import java.nio.file.Path;

/** {@code --name value} options of the harnesses' command lines. */
public final class HarnessArgs {
    private final String[] args;

    public HarnessArgs(String[] args) {
        this.args = args.clone();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
        }
    }

    public String string(String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    public int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    /**
     * JVM options of the workers ({@code --worker-java-options}). The default, platform-thread I/O pollers, works
     * around a deadlock: a session's virtual thread blocked on MongoDB inside a libsignal callback is pinned to its
     * carrier, and with as many pinned as there are carriers the JDK's virtual-thread pollers never run again.
     * Pass {@code ""} to run the JDK's defaults.
     */
    public String workerJavaOptions() {
        return string("worker-java-options", "-Djdk.pollerMode=1");
    }

    /** The packaged bridge: {@code --bridge-jar}, by default the one built in this checkout. */
    public Path bridgeJar() {
        return Path.of(string("bridge-jar", "bridge/target/quarkus-app/quarkus-run.jar"));
    }
}
