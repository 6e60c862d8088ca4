package io.wabridge.launcher.cli;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.auth.ClientProfile;
import io.wabridge.client.auth.ClientVersion;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.launcher.OptionValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./wabridge cli}: one WhatsApp account in a terminal. Pairs by QR (drawn on stderr) or pairing code, logs
 * in, and prints every client event as one JSON line on stdout (received messages as {@code type=message},
 * receipts as {@code type=receipt}); reads commands from stdin, one per line: {@code send <jid|phone> <text>},
 * {@code react <jid> <message-id> <emoji>}, {@code read <jid> <message-id>}, {@code pair-code <phone>},
 * {@code logout}, {@code disconnect}, {@code connect}, {@code quit}.
 */
public final class CliCommand {
    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private CliCommand() {}

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("wabridge cli: " + e.getMessage());
            usage(err);
            return 2;
        }
        if (options.help) {
            usage(out);
            return 0;
        }
        AccountStore store = options.store == null ? new MemoryStoreProvider().open("cli")
                : new FileAccountStore(options.store, "cli");
        WaClientConfig config = WaClientConfig.defaults()
                .withTransport(TransportConfig.defaults().withUrl(options.url))
                .withVerifier(NoiseCertificateVerifier.trusting(options.noiseRootKey))
                .withProfile(ClientProfile.defaults().withVersion(options.clientVersion))
                .withPushName(options.pushName);
        try (ClientRuntime runtime = ClientRuntime.create()) {
            EventPrinter printer = new EventPrinter(out, err);
            WaClient client = WaClient.create(runtime, config, store, printer::print);
            client.connect().get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            BufferedReader commands = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = commands.readLine()) != null) {
                if (!execute(line.trim(), client, printer)) {
                    break;
                }
            }
            client.disconnect().get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return 0;
    }

    /** Runs one command; false when the CLI should end. */
    private static boolean execute(String line, WaClient client, EventPrinter printer) {
        if (line.isEmpty()) {
            return true;
        }
        String[] words = line.split("\\s+", 2);
        String command = words[0];
        String argument = words.length > 1 ? words[1].trim() : "";
        CompletableFuture<?> result = switch (command) {
            case "quit", "exit" -> null;
            case "connect" -> client.connect();
            case "disconnect" -> client.disconnect();
            case "logout" -> client.logout();
            case "pair-code" -> argument.isEmpty()
                    ? CompletableFuture.failedFuture(new IllegalArgumentException("usage: pair-code <phone>"))
                    : client.requestPairingCode(argument);
            case "send", "react", "read" -> MessageCommands.run(command, argument, client, printer::line);
            default -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown command '" + command
                    + "' (commands: send <jid|phone> <text>, react <jid> <message-id> <emoji>, read <jid> <message-id>,"
                    + " pair-code <phone>, logout, disconnect, connect, quit)"));
        };
        if (result == null) {
            return false;
        }
        try {
            result.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            printer.line(JsonLine.type("error").field("command", command)
                    .field("message", cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        }
        return true;
    }

    static void usage(PrintStream out) {
        out.println("""
                usage: ./wabridge cli [--url ws://host:port/ws/chat] [--noise-root-key <hex>] [--store <dir>]
                                      [--client-version 2.3000.N] [--push-name <name>]

                One WhatsApp account in the terminal: shows QR codes on stderr, prints every event as a JSON line
                on stdout (type: connecting, qr, pairing_code, paired, pairing_failed, open, offline_sync_done,
                prekeys_uploaded, signed_prekey_rotated, stream_error, close, logged_out, warning, error, message,
                receipt, decrypt_failed, identity_changed, sent).
                Commands on stdin, one per line: send <jid|phone> <text>, react <jid> <message-id> <emoji>,
                read <jid> <message-id>, pair-code <phone>, logout, disconnect, connect, quit.

                  --url             WebSocket URL (default wss://web.whatsapp.com/ws/chat)
                  --noise-root-key  hex public key of the Noise certificate root (default WhatsApp's;
                                    ./wabridge simulator prints its own)
                  --store           directory keeping the linked device across runs (default: in memory)
                  --client-version  WhatsApp Web version to claim (default %s)
                  --push-name       display name sent when pairing
                """.formatted(ClientVersion.DEFAULT));
    }

    private static final class Options {
        URI url = TransportConfig.DEFAULT_URL;
        String noiseRootKey = NoiseCertificateVerifier.WHATSAPP_ROOT_PUBLIC_KEY_HEX;
        Path store;
        ClientVersion clientVersion = ClientVersion.DEFAULT;
        String pushName;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> o.help = true;
                    case "--url" -> o.url = URI.create(OptionValues.value(args, ++i, arg));
                    case "--noise-root-key" -> o.noiseRootKey = rootKey(OptionValues.value(args, ++i, arg));
                    case "--store" -> o.store = Path.of(OptionValues.value(args, ++i, arg));
                    case "--client-version" -> o.clientVersion = ClientVersion.parse(OptionValues.value(args, ++i, arg));
                    case "--push-name" -> o.pushName = OptionValues.value(args, ++i, arg);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            TransportConfig.defaults().withUrl(o.url); // validates the scheme
            return o;
        }


        private static String rootKey(String hex) {
            try {
                if (HexFormat.of().parseHex(hex).length == 32) {
                    return hex;
                }
            } catch (IllegalArgumentException notHex) {
                // reported below
            }
            throw new IllegalArgumentException("--noise-root-key must be 64 hex digits (a 32-byte public key)");
        }
    }

    /** Prints events as JSON lines (and QR codes as blocks on stderr); called on the session executor. */
    static final class EventPrinter {
        private final PrintStream out;
        private final PrintStream err;

        EventPrinter(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        void print(ClientEvent event) {
            if (event instanceof ClientEvent.Qr qr) {
                synchronized (err) {
                    err.print(TerminalQr.render(qr.link()));
                    err.println("Scan with WhatsApp > Linked devices > Link a device (expires " + qr.expiresAt() + ")");
                    err.flush();
                }
            }
            line(toJson(event));
        }

        void line(JsonLine json) {
            synchronized (out) {
                out.println(json);
                out.flush();
            }
        }

        static JsonLine toJson(ClientEvent event) {
            return switch (event) {
                case ClientEvent.Connecting e -> JsonLine.type("connecting").field("attempt", e.attempt());
                case ClientEvent.Qr e -> JsonLine.type("qr").field("code", e.code()).field("link", e.link())
                        .field("expires_at", e.expiresAt().toString());
                case ClientEvent.PairingCode e -> JsonLine.type("pairing_code").field("code", e.code());
                case ClientEvent.Paired e -> JsonLine.type("paired").field("me", e.me()).field("lid", e.lid())
                        .field("platform", e.platform());
                case ClientEvent.PairingFailed e -> JsonLine.type("pairing_failed").field("reason", e.reason());
                case ClientEvent.Open e -> JsonLine.type("open").field("me", e.me()).field("lid", e.lid());
                case ClientEvent.OfflineSyncDone e -> JsonLine.type("offline_sync_done").field("count", e.count());
                case ClientEvent.PreKeysUploaded e -> JsonLine.type("prekeys_uploaded").field("count", e.count())
                        .field("first_id", e.firstId()).field("last_id", e.lastId())
                        .field("server_count_before", e.serverCountBefore());
                case ClientEvent.SignedPreKeyRotated e -> JsonLine.type("signed_prekey_rotated").field("id", e.newId());
                case ClientEvent.StreamError e -> JsonLine.type("stream_error").field("code", e.code())
                        .field("detail", e.detail());
                case ClientEvent.Close e -> {
                    JsonLine json = JsonLine.type("close").field("reason", e.reason())
                            .field("will_reconnect", e.willReconnect());
                    yield e.reconnectDelay() == null ? json : json.field("reconnect_in_ms", e.reconnectDelay().toMillis());
                }
                case ClientEvent.LoggedOut e -> JsonLine.type("logged_out").field("reason", e.reason());
                case ClientEvent.Fenced e -> JsonLine.type("fenced").field("epoch", e.epoch()).field("reason", e.reason());
                case ClientEvent.Warning e -> JsonLine.type("warning").field("message", e.message());
                case ClientEvent.MessageReceived e -> MessageJson.message(e);
                case ClientEvent.Receipt e -> MessageJson.receipt(e);
                case ClientEvent.DecryptFailed e -> MessageJson.decryptFailed(e);
                case ClientEvent.IdentityChanged e -> JsonLine.type("identity_changed").field("device", e.device().toString());
                case ClientEvent.PresenceUpdate e -> JsonLine.type("presence").field("from", e.from().toString())
                        .field("available", e.available())
                        .field("last_seen", e.lastSeen() == null ? null : e.lastSeen().toString());
                case ClientEvent.ChatStateUpdate e -> JsonLine.type("chatstate").field("chat", e.chat().toString())
                        .field("sender", e.sender().toString()).field("state", e.state().name().toLowerCase());
            };
        }
    }
}
