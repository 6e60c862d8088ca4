package io.wabridge.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.store.Credentials;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./wabridge cli} driven through piped stdin/stdout against the in-process simulator over a real socket,
 * linked by the simulator's phone.
 */
class CliCommandTest {
    private static final String PHONE = "15550001111";
    private WaSimulator simulator;
    private PhoneAccount account;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create(PHONE);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** A running CLI: its stdin, its stdout lines, its stderr. */
    private final class Cli {
        final PipedOutputStream stdin = new PipedOutputStream();
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Cli(String... extraArgs) throws IOException {
            PipedInputStream in = new PipedInputStream(stdin, 1 << 16);
            PrintStream out = new PrintStream(new LineSplitter(lines), true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
            String[] args = new String[4 + extraArgs.length];
            args[0] = "--url";
            args[1] = simulator.url().toString();
            args[2] = "--noise-root-key";
            args[3] = simulator.noiseRootKeyHex();
            System.arraycopy(extraArgs, 0, args, 4, extraArgs.length);
            Thread.ofVirtual().start(() -> {
                try {
                    exit.complete(CliCommand.run(args, in, out, err));
                } catch (Throwable t) {
                    exit.completeExceptionally(t);
                }
            });
        }

        void command(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        /** The next line of this type; fails on timeout. Lines of other types are skipped. */
        String await(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && type.equals(field(line, "type"))) {
                    return line;
                }
            }
            throw new AssertionError("no '" + type + "' line within 20 s; stderr:\n" + stderr);
        }

        /** The next command result line (sent, done or error), skipping event lines. */
        String awaitResult() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.contains("\"command\"") && java.util.Set.of("sent", "done", "error")
                        .contains(field(line, "type"))) {
                    return line;
                }
            }
            throw new AssertionError("no result line within 20 s; stderr:\n" + stderr);
        }

        int quit() throws Exception {
            command("quit");
            return exit.get(20, TimeUnit.SECONDS);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9]+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no number " + name + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /** Scans the QR of the CLI's qr line with the simulated phone; the server then restarts the stream (515). */
    private LinkedDevice scan(Cli cli) throws Exception {
        String qr = cli.await("qr");
        assertTrue(field(qr, "link").startsWith("https://wa.me/settings/linked_devices#"), qr);
        LinkedDevice device = account.phone().scanQr(field(qr, "link")).get(30, TimeUnit.SECONDS);
        String paired = cli.await("paired");
        assertEquals(device.jid().toString(), field(paired, "me"));
        assertEquals(device.lid().toString(), field(paired, "lid"));
        return device;
    }

    @Test
    void pairsByQrLogsInAndLogsOutFromStdin() throws Exception {
        Cli cli = new Cli();
        cli.await("connecting");
        LinkedDevice device = scan(cli);
        String close = cli.await("close");
        assertTrue(close.contains("\"will_reconnect\":true"), close);
        String open = cli.await("open");
        assertEquals(device.jid().toString(), field(open, "me"));
        assertTrue(cli.stderr.toString(StandardCharsets.UTF_8).contains("█"), "the QR is drawn on stderr");

        cli.command("logout");
        assertTrue(field(cli.await("logged_out"), "reason").contains("logout"));
        assertTrue(account.devices().isEmpty(), "the phone no longer lists the device");
        assertEquals(0, cli.quit());
    }

    @Test
    void aStoreDirectoryKeepsTheDeviceLinkedAcrossRuns(@TempDir Path dir) throws Exception {
        Cli first = new Cli("--store", dir.toString());
        LinkedDevice device = scan(first);
        first.await("open");
        assertEquals(0, first.quit());
        assertTrue(Files.exists(dir.resolve("credentials.properties")));
        assertTrue(Files.exists(dir.resolve("prekeys.properties")));
        assertTrue(Files.exists(dir.resolve(CliCommand.KEYRING)), "master key generated at first use");
        // Sealed at rest: the files hold ciphertext where the keys were; only the keyring opens them.
        Credentials real = CliCommand.fileStore(dir).credentials().load().orElseThrow().value();
        Credentials raw = new FileAccountStore(dir, "cli").credentials().load().orElseThrow().value();
        assertFalse(Arrays.equals(real.noiseKey().privateKey(), raw.noiseKey().privateKey()), "noise key sealed");
        assertFalse(Arrays.equals(real.identityKey().privateKey(), raw.identityKey().privateKey()), "identity key sealed");
        String files = Files.readString(dir.resolve("credentials.properties")) + Files.readString(dir.resolve("prekeys.properties"))
                + Files.readString(dir.resolve("signed-prekeys.properties"));
        for (byte[] secret : List.of(real.noiseKey().privateKey(), real.identityKey().privateKey(), real.advSecret(),
                real.signedPreKey().keyPair().privateKey())) {
            assertFalse(files.contains(Base64.getEncoder().encodeToString(secret)), "a secret in plaintext");
        }

        Cli second = new Cli("--store", dir.toString());
        String open = second.await("open");
        assertEquals(device.jid().toString(), field(open, "me"));
        assertFalse(second.stderr.toString(StandardCharsets.UTF_8).contains("█"), "no QR: already linked");
        second.command("disconnect");
        assertTrue(second.await("close").contains("\"will_reconnect\":false"));
        second.command("connect");
        second.await("open");
        assertEquals(0, second.quit());
    }

    @Test
    void pairCodeAndBadCommandsAnswerOnStdout() throws Exception {
        Cli cli = new Cli();
        cli.await("qr");
        cli.command("frobnicate");
        assertTrue(field(cli.await("error"), "message").contains("unknown command"));
        cli.command("pair-code 123");
        assertTrue(field(cli.await("error"), "message").contains("international"));

        cli.command("pair-code +1 555 000 1111");
        String code = field(cli.await("pairing_code"), "code");
        assertTrue(code.matches("[1-9A-HJ-NP-TV-Z]{8}"), code);
        LinkedDevice device = account.phone().confirmPairingCode(code).get(30, TimeUnit.SECONDS);
        assertEquals(device.jid().toString(), field(cli.await("paired"), "me"));
        cli.await("open");
        assertEquals(0, cli.quit());
    }

    @Test
    void commandsRunConcurrentlyAndAnUnackedSendFailsWithTimeoutWithoutHoldingBackTheNext() throws Exception {
        var alice = simulator.accounts().messaging().contact(simulator.accounts().create("15550002222"));
        Cli cli = new Cli("--send-timeout", "2");
        scan(cli);
        cli.await("open");
        cli.command("send +15550002222 warm-up");
        String warm = cli.await("sent");
        assertEquals("send", field(warm, "command"));
        assertEquals(1, number(warm, "n"));
        assertEquals("warm-up", alice.awaitMessage(java.time.Duration.ofSeconds(10)).text());

        simulator.accounts().interop().dropNextMessageAcks(1); // delivered, never acknowledged
        long started = System.nanoTime();
        cli.command("send 15550002222 never acked");
        cli.command("send 15550002222 right behind");
        String first = cli.awaitResult();
        assertEquals("sent", field(first, "type"), "the later send answers first: " + first);
        assertEquals(3, number(first, "n"));
        String second = cli.awaitResult();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals("error", field(second, "type"), second);
        assertEquals("send", field(second, "command"));
        assertEquals(2, number(second, "n"));
        assertEquals("TIMEOUT", field(second, "code"), "the client's timeout, not a bare TimeoutException: " + second);
        assertTrue(elapsedMs >= 1_950, "after the 2 s send timeout: " + elapsedMs + " ms");
        assertEquals(0, cli.quit());
    }

    @Test
    void badOptionsExitWithUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, CliCommand.run(new String[] {"--noise-root-key", "abc"}, java.io.InputStream.nullInputStream(),
                System.out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("64 hex digits"));
        assertEquals(2, CliCommand.run(new String[] {"--url", "http://x/"}, java.io.InputStream.nullInputStream(),
                System.out, errStream));
    }

    /** Collects what is printed, one line at a time. */
    private static final class LineSplitter extends OutputStream {
        private final BlockingQueue<String> lines;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        LineSplitter(BlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }
    }
}
