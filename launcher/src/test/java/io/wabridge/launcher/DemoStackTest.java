package io.wabridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo, end to end: the packaged bridge comes up READY on the embedded broker, file-backed
 * Mongo-wire store and simulator; the tour pairs session "demo" through Kafka alone (connect command, qr event,
 * the simulated phone scans, paired, OPEN); readiness goes DOWN while the broker is stopped and UP again after.
 */
class DemoStackTest {

    @TempDir
    Path data;

    @Test
    void demoStackIsReadyAndFollowsTheBroker() throws Exception {
        Path jar = Path.of(System.getProperty("wabridge.bridge.jar", "../bridge/target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(jar), "the bridge is packaged before this test runs: " + jar);
        DemoOptions options = DemoOptions.parse(new String[] {
                "--data", data.toString(), "--bridge-jar", jar.toString(),
                "--kafka-port", "0", "--mongo-port", "0", "--http-port", "0"});

        try (DemoStack stack = new DemoStack(options).start()) {
            DemoStack.Readiness ready = stack.awaitReady(Duration.ofSeconds(120));
            assertTrue(ready.body().contains("\"kafka\""), ready.body());
            assertTrue(ready.body().contains("\"mongodb\""), ready.body());

            var out = new java.io.ByteArrayOutputStream();
            var events = DemoTour.run(stack, new java.io.PrintStream(out, true), Duration.ofSeconds(60));
            assertTrue(events.stream().anyMatch(e -> e.hasQr()), "a qr event: " + out);
            assertTrue(events.stream().anyMatch(e -> e.hasPaired()), "a paired event: " + out);
            assertTrue(events.stream().anyMatch(e -> e.hasMessage()), "the contact's message as an event: " + out);
            assertTrue(events.stream().anyMatch(e -> e.hasCommandResult() && e.getCommandResult().hasOk()
                    && !e.getCommandResult().getOk().getMessageId().isEmpty()), "send_message acknowledged: " + out);
            assertTrue(out.toString().contains("the contact received \"Hello back, through Kafka\""), out.toString());
            assertTrue(events.stream().filter(e -> e.hasQr()).allMatch(e -> !e.getCausationId().isEmpty()),
                    "the qr event names the connect command that caused it");
            // the demo runs with HTTP authentication on, with the credentials it generated and printed
            var http = java.net.http.HttpClient.newHttpClient();
            var views = java.net.URI.create(stack.bridgeUrl() + "/views/sessions");
            assertEquals(401, http.send(java.net.http.HttpRequest.newBuilder(views).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode(), "the API needs the token");
            String table = stack.awaitSessionTable(DemoTour.SESSION, Duration.ofSeconds(60));
            assertTrue(table.contains("demo"), table);
            assertTrue(stack.bridgeEnvironment().get("WABRIDGE_CONSOLE_USERS").startsWith("admin:pbkdf2-sha256$"));

            stack.kafka().stop();
            DemoStack.Readiness down = awaitStatus(stack, 503);
            assertTrue(down.body().matches("(?s).*\"name\"\\s*:\\s*\"kafka\",\\s*\"status\"\\s*:\\s*\"DOWN\".*"), down.body());

            stack.kafka().start();
            assertTrue(stack.awaitReady(Duration.ofSeconds(60)).up());
        }
        assertTrue(Files.exists(data.resolve("mongo").resolve("wabridge.mv")), "the store is persisted under the data dir");
        assertTrue(Files.exists(data.resolve("kafka").resolve("meta.properties")), "Kafka logs live under the data dir");
    }

    @Test
    void demoStackOnPostgresIsReadyPairsAndFollowsTheDatabase() throws Exception {
        Path jar = Path.of(System.getProperty("wabridge.bridge.jar", "../bridge/target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(jar), "the bridge is packaged before this test runs: " + jar);
        org.junit.jupiter.api.Assumptions.assumeTrue(io.wabridge.embedded.EmbeddedPostgres.available(),
                "no PostgreSQL binaries (apt-get install -y postgresql)");
        DemoOptions options = DemoOptions.parse(new String[] {
                "--store", "postgres", "--data", data.toString(), "--bridge-jar", jar.toString(),
                "--kafka-port", "0", "--http-port", "0"});
        assertEquals(DemoOptions.Store.POSTGRES, options.store());

        try (DemoStack stack = new DemoStack(options).start()) {
            assertEquals("postgres", stack.bridgeEnvironment().get("WABRIDGE_STORE_BACKEND"));
            DemoStack.Readiness ready = stack.awaitReady(Duration.ofSeconds(120));
            assertTrue(ready.body().matches("(?s).*\"name\"\\s*:\\s*\"postgresql\",\\s*\"status\"\\s*:\\s*\"UP\".*"),
                    ready.body());

            var out = new java.io.ByteArrayOutputStream();
            var events = DemoTour.run(stack, new java.io.PrintStream(out, true), Duration.ofSeconds(60));
            assertTrue(events.stream().anyMatch(e -> e.hasPaired()), "a paired event: " + out);
            assertTrue(events.stream().anyMatch(e -> e.hasMessage()), "the contact's message as an event: " + out);

            stack.postgres().stop();
            DemoStack.Readiness down = awaitStatus(stack, 503);
            assertTrue(down.body().matches("(?s).*\"name\"\\s*:\\s*\"postgresql\",\\s*\"status\"\\s*:\\s*\"DOWN\".*"),
                    down.body());
            stack.postgres().start();
            assertTrue(stack.awaitReady(Duration.ofSeconds(60)).up());
        }
    }

    @Test
    void aStoreOtherThanMongoOrPostgresIsRejected() throws Exception {
        var err = new java.io.ByteArrayOutputStream();
        int code = DemoCommand.run(new String[] {"--store", "cassandra"}, System.out, new java.io.PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("--store must be mongo or postgres"), err.toString());
    }

    @Test
    void unknownOptionsAreRejectedWithUsage() throws Exception {
        var err = new java.io.ByteArrayOutputStream();
        int code = DemoCommand.run(new String[] {"--nope"}, System.out, new java.io.PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("unknown option --nope"), err.toString());
        assertFalse(err.toString().isBlank());
    }

    private static DemoStack.Readiness awaitStatus(DemoStack stack, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        DemoStack.Readiness last = stack.readiness();
        while (last.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = stack.readiness();
        }
        assertEquals(status, last.status(), last.body());
        return last;
    }
}
