package io.wabridge.launcher.cli;

import io.wabridge.client.session.Failures;
import io.wabridge.client.ClientRuntime;
import io.wabridge.client.MessagingSettings;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.auth.ClientProfile;
import io.wabridge.client.auth.ClientVersion;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.send.SendTimeoutException;
import io.wabridge.client.stanza.IqTimeoutException;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.encryption.EncryptedStoreProvider;
import io.wabridge.client.store.encryption.Keyring;
import io.wabridge.client.store.encryption.PlaintextPolicy;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code ./wabridge cli}: one WhatsApp account in a terminal. Pairs by QR (drawn on stderr) or pairing code, logs
 * in, and prints every client event as one JSON line on stdout (received messages as {@code type=message},
 * receipts as {@code type=receipt}); reads commands from stdin, one per line: {@code send <jid|phone> <text>},
 * {@code react <jid> <message-id> <emoji>}, {@code read <jid> <message-id>}, {@code pair-code <phone>},
 * {@code logout}, {@code disconnect}, {@code connect}, {@code quit}. Commands run concurrently; each prints one
 * result line naming it ({@code "command"}, {@code "n"}). No timeout of its own: a send ends when the client's
 * send timeout says so ({@code code TIMEOUT}); {@code quit} waits for the results still due.
 */
public final class CliCommand {
    private CliCommand() {}

    /**
     * The account's files under {@code directory}, every secret in them sealed as the bridge's stores are
     * ({@link EncryptedStoreProvider}, AES-256-GCM under a per-session data key) with the master key of
     * {@code directory/master.keys}, generated at first use (owner read/write only). Files written before in plaintext
     * are sealed as they are loaded or next written.
     */
    static AccountStore fileStore(Path directory) {
        Keyring keys = Keyring.readOrCreate(directory.resolve(KEYRING), new SecureRandom());
        StoreProvider files = new StoreProvider() {
            @Override
            public AccountStore open(String sessionId) {
                return new FileAccountStore(directory, sessionId);
            }

            @Override
            public long purgeExpiredMessages() {
                return 0; // messages live in memory for the life of the process
            }

            @Override
            public void close() {
            }
        };
        return new EncryptedStoreProvider(files, keys, PlaintextPolicy.MIGRATE).open("cli");
    }

    /** The generated master keyring in a {@code --store} directory. */
    static final String KEYRING = "master.keys";

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
        AccountStore store = options.store == null ? new MemoryStoreProvider().open("cli") : fileStore(options.store);
        WaClientConfig config = WaClientConfig.defaults()
                .withTransport(TransportConfig.defaults().withUrl(options.url))
                .withVerifier(NoiseCertificateVerifier.trusting(options.noiseRootKey))
                .withProfile(ClientProfile.defaults().withVersion(options.clientVersion))
                .withPushName(options.pushName)
                .withMessaging(MessagingSettings.DEFAULTS.withSendTimeout(options.sendTimeout));
        try (ClientRuntime runtime = ClientRuntime.create()) {
            EventPrinter printer = new EventPrinter(out, err);
            WaClient client = WaClient.create(runtime, config, store, printer::print);
            client.connect().join(); // starts the connection; its progress arrives as events
            Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
            BufferedReader commands = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            long n = 0;
            while ((line = commands.readLine()) != null) {
                String trimmed = line.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                CompletableFuture<?> started = execute(trimmed, ++n, client, printer);
                if (started == null) {
                    break;
                }
                running.add(started);
                started.whenComplete((r, f) -> running.remove(started));
            }
            // Every command ends by itself (the client's own timeouts bound each); quit waits for their results.
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
            client.disconnect().join();
        }
        return 0;
    }

    /**
     * Starts one command without waiting for it: commands run concurrently, so a send waiting for its ack holds
     * back no other. Its one result line (type {@code sent}, {@code done} or {@code error}) names the command and
     * its number {@code n} (the n-th command read). Returns null for {@code quit}.
     */
    static CompletableFuture<JsonLine> execute(String line, long n, WaClient client, EventPrinter printer) {
        String[] words = line.split("\\s+", 2);
        String command = words[0];
        String argument = words.length > 1 ? words[1].trim() : "";
        Function<String, JsonLine> head = type -> JsonLine.type(type).field("command", command).field("n", n);
        CompletableFuture<JsonLine> result = switch (command) {
            case "quit", "exit" -> null;
            case "connect" -> client.connect().thenApply(ignored -> head.apply("done"));
            case "disconnect" -> client.disconnect().thenApply(ignored -> head.apply("done"));
            case "logout" -> client.logout().thenApply(ignored -> head.apply("done"));
            case "pair-code" -> argument.isEmpty()
                    ? CompletableFuture.failedFuture(new IllegalArgumentException("usage: pair-code <phone>"))
                    : client.requestPairingCode(argument).thenApply(ignored -> head.apply("done"));
            case "send", "react", "read" -> MessageCommands.run(command, argument, client, head);
            default -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown command '" + command
                    + "' (commands: send <jid|phone> <text>, react <jid> <message-id> <emoji>, read <jid> <message-id>,"
                    + " pair-code <phone>, logout, disconnect, connect, quit)"));
        };
        if (result == null) {
            return null;
        }
        return result.handle((json, failure) -> {
            JsonLine out = failure == null ? json : error(head, failure);
            printer.line(out);
            return out;
        });
    }

    /** {@code {"type":"error","command","n","code","message"}}: code TIMEOUT (no server answer in time; a message
     * may still have been delivered), BAD_COMMAND or FAILED. */
    static JsonLine error(Function<String, JsonLine> head, Throwable failure) {
        Throwable cause = Failures.unwrap(failure);
        String code = cause instanceof SendTimeoutException || cause instanceof IqTimeoutException ? "TIMEOUT"
                : cause instanceof IllegalArgumentException ? "BAD_COMMAND" : "FAILED";
        return head.apply("error").field("code", code)
                .field("message", Failures.message(cause));
    }

    static void usage(PrintStream out) {
        out.println("""
                usage: ./wabridge cli [--url ws://host:port/ws/chat] [--noise-root-key <hex>] [--store <dir>]
                                      [--client-version 2.3000.N] [--push-name <name>] [--send-timeout <s>]

                One WhatsApp account in the terminal: shows QR codes on stderr, prints every event as a JSON line
                on stdout (type: connecting, qr, pairing_code, paired, pairing_failed, open, offline_sync_done,
                prekeys_uploaded, signed_prekey_rotated, stream_error, close, logged_out, warning, error, message,
                receipt, decrypt_failed, identity_changed, sent).
                Commands on stdin, one per line: send <jid|phone> <text>, react <jid> <message-id> <emoji>,
                read <jid> <message-id>, pair-code <phone>, logout, disconnect, connect, quit.
                Commands run concurrently; each answers with one line (type sent, done or error) carrying
                "command" and "n" (its number in the input). A send without a server ack within the client's
                send timeout (--send-timeout, default 30 s) fails with "code":"TIMEOUT"; quit waits for the
                answers still due.

                  --url             WebSocket URL (default wss://web.whatsapp.com/ws/chat)
                  --noise-root-key  hex public key of the Noise certificate root (default WhatsApp's;
                                    ./wabridge simulator prints its own)
                  --store           directory keeping the linked device across runs, its secrets encrypted with
                                    the generated key file <dir>/master.keys (default: in memory)
                  --client-version  WhatsApp Web version to claim (default %s)
                  --push-name       display name sent when pairing
                  --send-timeout    seconds a send waits for the server's ack (default 30)
                """.formatted(ClientVersion.DEFAULT));
    }

    private static final class Options {
        URI url = TransportConfig.DEFAULT_URL;
        String noiseRootKey = NoiseCertificateVerifier.WHATSAPP_ROOT_PUBLIC_KEY_HEX;
        Path store;
        ClientVersion clientVersion = ClientVersion.DEFAULT;
        String pushName;
        Duration sendTimeout = MessagingSettings.DEFAULTS.sendTimeout();
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
                    case "--send-timeout" -> o.sendTimeout = seconds(OptionValues.value(args, ++i, arg), arg);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            TransportConfig.defaults().withUrl(o.url); // validates the scheme
            return o;
        }


        private static Duration seconds(String value, String option) {
            try {
                double seconds = Double.parseDouble(value);
                if (seconds > 0 && seconds <= 3600) {
                    return Duration.ofMillis(Math.round(seconds * 1000));
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalArgumentException(option + " must be a number of seconds in (0, 3600], got " + value);
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
                case ClientEvent.LidMappingLearned e -> JsonLine.type("lid_mapping").field("pn", e.pn().toString())
                        .field("lid", e.lid().toString()).field("source", e.source());
                case ClientEvent.PushNameChanged e -> JsonLine.type("push_name").field("jid", e.jid().toString())
                        .field("push_name", e.pushName());
                case ClientEvent.ContactUpdated e -> JsonLine.type("contact").field("jid", e.jid().toString())
                        .field("full_name", e.fullName()).field("first_name", e.firstName());
                case ClientEvent.ChatUpdated e -> JsonLine.type("chat").field("jid", e.chat().jid())
                        .field("unread", e.chat().unreadCount()).field("archived", e.chat().archived())
                        .field("pinned", e.chat().pinned());
                case ClientEvent.PresenceUpdate e -> JsonLine.type("presence").field("from", e.from().toString())
                        .field("available", e.available())
                        .field("last_seen", e.lastSeen() == null ? null : e.lastSeen().toString());
                case ClientEvent.ChatStateUpdate e -> JsonLine.type("chatstate").field("chat", e.chat().toString())
                        .field("sender", e.sender().toString()).field("state", e.state().name().toLowerCase());
                case ClientEvent.HistorySync e -> JsonLine.type("history_sync").field("sync_type", e.syncType().name())
                        .field("chunk_order", e.chunkOrder()).field("part", e.part()).field("last_part", e.lastPart())
                        .field("progress", e.progress()).field("conversations", e.conversations().size())
                        .field("messages", e.messages().size()).field("push_names", e.pushNames().size())
                        .field("lid_mappings", e.lidMappings().size())
                        .field("error", e.failure() == null ? null : e.failure().kind() + ": " + e.failure().message());
                case ClientEvent.AppStateChanged e -> JsonLine.type("app_state").field("collection", e.change().collection())
                        .field("version", e.change().version()).field("update", e.change().update().toString());
                case ClientEvent.AppStateSyncFailed e -> JsonLine.type("app_state_error").field("collection", e.collection())
                        .field("version", e.version()).field("kind", e.kind()).field("reason", e.reason())
                        .field("recovering", e.recovering());
                case ClientEvent.GroupUpdate e -> JsonLine.type("group_update").field("group", e.group().toString())
                        .field("kind", e.kind().name()).field("actor", e.actor() == null ? null : e.actor().toString())
                        .field("participants", e.participants().size()).field("subject", e.subject());
                case ClientEvent.ProfileChanged e -> JsonLine.type("profile_update").field("jid", e.jid().toString())
                        .field("kind", e.kind().name()).field("picture_id", e.pictureId()).field("about", e.about());
                case ClientEvent.NewsletterEvent e -> JsonLine.type("newsletter_update")
                        .field("newsletter", e.change().newsletter().toString()).field("kind", e.change().kind().name())
                        .field("posts", e.change().posts().size());
                case ClientEvent.Call e -> JsonLine.type("call").field("call_id", e.update().callId())
                        .field("status", e.update().status().name())
                        .field("from", e.update().from() == null ? null : e.update().from().toString());
                case ClientEvent.AccountSettings e -> JsonLine.type("account_settings")
                        .field("kind", e.update().kind().name()).field("blocked", e.update().blocked().size())
                        .field("privacy", e.update().privacy().toString());
                case ClientEvent.Disappearing e -> JsonLine.type("disappearing_update")
                        .field("scope", e.change().scope().name())
                        .field("chat", e.change().chat() == null ? null : e.change().chat().toString())
                        .field("seconds", e.change().seconds()).field("elsewhere", e.change().elsewhere());
                case ClientEvent.StatusReceived e -> JsonLine.type("status").field("id", e.post().id())
                        .field("author", e.post().author().toString())
                        .field("kind", e.post().content().getClass().getSimpleName());
            };
        }
    }
}
