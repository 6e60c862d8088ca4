package io.wabridge.launcher;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@code ./wabridge demo}: brings the stack up on embedded defaults and lets the user poke at it. */
final class DemoCommand {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private DemoCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        DemoOptions options;
        try {
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                out.print(DemoOptions.USAGE);
                return 0;
            }
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("wabridge demo: " + e.getMessage());
            err.print(DemoOptions.USAGE);
            return 2;
        }

        long started = System.nanoTime();
        DemoStack stack = new DemoStack(options);
        Thread stopOnExit = new Thread(stack::close, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            out.println("Starting embedded Kafka, " + (options.store() == DemoOptions.Store.POSTGRES
                    ? "a throw-away PostgreSQL server" : "the Mongo-wire store") + " (data in "
                    + options.dataDir().toAbsolutePath() + ") and the bridge...");
            stack.start();
            stack.awaitReady(READY_TIMEOUT);
            printWelcome(stack, out, Duration.ofNanos(System.nanoTime() - started));
            if (options.tour()) {
                out.println("Tour: session 'demo' through Kafka only (commands in, events out):");
                DemoTour.run(stack, out, Duration.ofSeconds(60));
                out.println("Session 'demo' is linked, OPEN and exchanging messages through Kafka.");
                out.println(stack.awaitSessionTable(DemoTour.SESSION, Duration.ofSeconds(30)) + "\n");
            }
            if (!options.exitWhenReady()) {
                interact(stack, out);
            }
            return 0;
        } catch (IllegalStateException e) {
            err.println("wabridge demo: " + e.getMessage());
            return 1;
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException alreadyExiting) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    private static void printWelcome(DemoStack stack, PrintStream out, Duration took) {
        out.printf("""

                wabridge demo is up in %.1f s and READY.
                  bridge        %s  (health: /q/health/ready, metrics: /q/metrics; pid %d, log %s)
                  kafka         %s  (topics wabridge.commands, wabridge.events, wabridge.commands.dlq)
                  %s
                  simulator     %s  (WhatsApp stand-in; control API %s, see README "The simulator")

                  console       %s/console  (user %s, password %s; generated for this run)
                  API token     %s  (Authorization: Bearer ...; generated for this run)

                Try:
                  curl -s %s/q/health/ready
                  curl -s -H 'Authorization: Bearer %s' %s/views/sessions   (the session table; 'status' prints it too)
                  kcat -b %s -t wabridge.events -C -f '%%k %%h %%s\\n'
                Type 'kafka stop' and then 'status' to see readiness go DOWN; 'kafka start' brings it back.

                """, took.toMillis() / 1000.0, stack.bridgeUrl(), stack.bridge().pid(), stack.bridge().log(),
                stack.kafka().bootstrapServers(), storeLine(stack),
                stack.simulator().url(), stack.control().url(),
                stack.bridgeUrl(), stack.credentials().consoleUser(), stack.credentials().consolePassword(),
                stack.credentials().apiToken(),
                stack.bridgeUrl(), stack.credentials().apiToken(), stack.bridgeUrl(), stack.kafka().bootstrapServers());
    }

    private static String storeLine(DemoStack stack) {
        return stack.postgres() != null
                ? String.format("postgresql    %s  (user postgres, schema wabridge; throw-away cluster, deleted on exit)",
                        stack.postgresUrl())
                : String.format("mongo-wire    %s  (database wabridge, file under %s)", stack.mongo().connectionString(),
                        stack.kafka().logDir().getParent());
    }

    private static void interact(DemoStack stack, PrintStream out) throws Exception {
        out.println("commands: status | kafka stop | kafka start | " + (stack.postgres() != null
                ? "postgres stop | postgres start" : "mongo stop | mongo start") + " | quit  (Ctrl-C also stops)");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "" -> { }
                case "status" -> {
                    DemoStack.Readiness readiness = stack.readiness();
                    out.println((readiness.up() ? "READY " : "NOT READY ") + readiness.status() + " " + readiness.body());
                    out.println(stack.sessionTable());
                }
                case "kafka stop" -> { stack.kafka().stop(); out.println("kafka stopped"); }
                case "kafka start" -> { stack.kafka().start(); out.println("kafka started"); }
                case "mongo stop" -> { if (stack.mongo() != null) { stack.mongo().stop(); out.println("mongo-wire stopped"); } }
                case "mongo start" -> { if (stack.mongo() != null) { stack.mongo().start(); out.println("mongo-wire started"); } }
                case "postgres stop" -> { if (stack.postgres() != null) { stack.postgres().stop(); out.println("postgresql stopped"); } }
                case "postgres start" -> { if (stack.postgres() != null) { stack.postgres().start(); out.println("postgresql started"); } }
                case "quit", "exit" -> { return; }
                default -> out.println("unknown: " + line.trim());
            }
        }
        // stdin closed (e.g. run in the background): keep serving until the process is stopped.
        while (stack.bridge().isAlive()) {
            Thread.sleep(1000);
        }
    }
}
