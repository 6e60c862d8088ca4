package io.wabridge.client.testing;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEventListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.transport.TransportConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A {@link WaClient} against a {@link LoopbackServer} in virtual time, with the server's usual answers installed:
 * QR refs on a registration connection, {@code <success lid>} on a login, prekey count and upload, active, ping,
 * device removal. Tests change the fields before connecting, or add handlers per connection.
 */
public final class ClientHarness {
    public final VirtualTime time = new VirtualTime();
    public final LoopbackServer server = new LoopbackServer(time);
    public final MemoryStoreProvider stores = new MemoryStoreProvider();
    public final AccountStore store;
    public final List<ClientEvent> events = new ArrayList<>();
    public final TestPhone phone;
    public final WaClient client;

    /** Refs sent in {@code <pair-device>} on registration connections; null sends none. */
    public List<String> refs = List.of("ref-1", "ref-2", "ref-3");
    /** The lid in {@code <success>}; null leaves it out. */
    public String successLid;
    public final ClientRuntime runtime;
    /** What the server answers to the prekey count query. */
    public int serverPreKeyCount = 0;
    /** Whether the server answers keepalive pings. */
    public boolean answerPings = true;
    /** Whether the server answers a login with {@code <success>} (off: it answers pings only, and stays silent). */
    public boolean answerLogins = true;
    public static final String LINK_CODE_REF = "link-ref-1";
    /** {@code <link_code_companion_reg>} requests the server received (hello, finish). */
    public final List<Node> linkCodeRequests = new ArrayList<>();
    /** Prekey uploads the server received. */
    public final List<Node> uploads = new ArrayList<>();
    /** Answers {@code <iq xmlns=encrypt type=get><key>} (prekey bundle fetches); null answers an empty list. */
    public java.util.function.BiConsumer<LoopbackServer.Connection, Node> keyRequests;
    /** More server handlers, installed on every connection after the usual ones. */
    public java.util.function.Consumer<LoopbackServer.Connection> extraHandlers = c -> { };
    /** What the listener's hand-off returns for messages and receipts; null completes at once. */
    public java.util.function.Function<ClientEvent, CompletionStage<Void>> handOff;
    /** Where the client's flushes write: inline, unless a test holds them (see {@link HeldIo}). */
    public final HeldIo storeIo = new HeldIo();

    /** Runs store writes inline, or, while held, keeps them until {@link #release()}: the flush is "out" meanwhile. */
    public static final class HeldIo implements java.util.concurrent.Executor {
        private final java.util.ArrayDeque<Runnable> held = new java.util.ArrayDeque<>();
        private boolean holding;

        @Override
        public void execute(Runnable task) {
            Runnable marked = () -> StoreCalls.run(StoreCalls.Where.STORE_IO, task);
            if (holding) {
                held.add(marked);
            } else {
                marked.run();
            }
        }

        public void hold() {
            holding = true;
        }

        /** Runs the held writes (their completions run on the client's executor) and stops holding. */
        public void release() {
            holding = false;
            while (!held.isEmpty()) {
                held.poll().run();
            }
        }

        /** Runs the tasks held now (what they hand to this executor meanwhile is held too) and goes on holding. */
        public void runHeld() {
            java.util.List<Runnable> now = new java.util.ArrayList<>(held);
            held.clear();
            now.forEach(Runnable::run);
        }

        public int heldCount() {
            return held.size();
        }
    }
    private int ids;

    public ClientHarness() {
        this(WaClientConfig.defaults());
    }

    public ClientHarness(WaClientConfig config) {
        this(config, new TestPhone(), "test-account");
    }

    /** A harness whose phone assigns its own JIDs (for several accounts in one test). */
    public ClientHarness(WaClientConfig config, TestPhone phone, String sessionId) {
        this(config, phone, sessionId, java.util.function.UnaryOperator.identity());
    }

    /** A harness whose client works on {@code wrap} of its memory store (a test watching the client's store calls). */
    public ClientHarness(WaClientConfig config, TestPhone phone, String sessionId,
                         java.util.function.UnaryOperator<AccountStore> wrap) {
        this.phone = phone;
        this.successLid = phone.lid;
        this.store = stores.open(sessionId);
        RandomGenerator noJitter = () -> 0; // nextDouble() = 0.5: jitter factor exactly 1
        runtime = ClientRuntime.builder()
                .scheduler(time)
                .pool(task -> StoreCalls.run(StoreCalls.Where.EXECUTOR, task)) // inline, marked for StoreCalls
                .storeIo(storeIo) // flushes written inline unless a test holds them: these tests step time by hand
                .opener(server)
                .clock(time.clock())
                .nanoClock(time::nanoTime)
                .jitter(new RandomGenerator() {
                    @Override
                    public long nextLong() {
                        return 0;
                    }

                    @Override
                    public double nextDouble() {
                        return 0.5;
                    }
                })
                .secureRandom(new SecureRandom())
                .build();
        WaClientConfig effective = config
                .withTransport(TransportConfig.defaults().withUrl("ws://loopback.invalid/ws/chat"))
                .withVerifier(NoiseCertificateVerifier.whatsapp());
        AccountStore used = wrap.apply(store);
        if (StoreCalls.global()) {
            used = new StoreCalls().watch(used);
        }
        client = WaClient.create(runtime, effective, used, new ClientEventListener() {
            @Override
            public void onEvent(ClientEvent event) {
                events.add(event);
            }

            @Override
            public CompletionStage<Void> handOff(ClientEvent event) {
                events.add(event);
                return ClientHarness.this.handOff == null ? CompletableFuture.completedFuture(null)
                        : ClientHarness.this.handOff.apply(event);
            }
        });
        server.onConnect(this::installServer);
    }

    private void installServer(LoopbackServer.Connection c) {
        c.router().on(StanzaMatcher.iq("get", "w:p"), ping -> {
            if (answerPings) {
                c.send(result(ping));
            }
        });
        c.router().on(StanzaMatcher.iq("get", "encrypt"), iq -> {
            if (iq.child("key") != null) {
                if (keyRequests != null) {
                    keyRequests.accept(c, iq);
                } else {
                    c.send(result(iq).toBuilder().children(Node.of("list")).build());
                }
                return;
            }
            c.send(result(iq).toBuilder()
                    .children(Node.builder("count").attr("value", Integer.toString(serverPreKeyCount)).build()).build());
        });
        c.router().on(StanzaMatcher.iq("set", "encrypt"), iq -> {
            if (iq.child("list") != null) {
                uploads.add(iq);
                serverPreKeyCount += iq.child("list").children().size();
            }
            c.send(result(iq));
        });
        c.router().on(StanzaMatcher.iq("set", "passive"), iq -> c.send(result(iq)));
        c.router().on(StanzaMatcher.iq("set", "md"), iq -> {
            Node reg = iq.child("link_code_companion_reg");
            if (reg == null) {
                c.send(result(iq));
                return;
            }
            linkCodeRequests.add(reg);
            c.send(result(iq).toBuilder().children(Node.builder("link_code_companion_reg").children(
                    Node.builder("link_code_pairing_ref").bytes(LINK_CODE_REF.getBytes()).build()).build()).build());
        });
        extraHandlers.accept(c);
        if (c.payload().hasDevicePairingData()) {
            if (refs != null) {
                var pairDevice = Node.builder("pair-device");
                for (String ref : refs) {
                    pairDevice.child(Node.builder("ref").bytes(ref.getBytes()).build());
                }
                c.send(Node.builder("iq").attr("from", "@s.whatsapp.net").attr("type", "set").attr("xmlns", "md")
                        .attr("id", "pd-" + (++ids)).children(pairDevice.build()).build());
            }
        } else if (answerLogins) {
            var success = Node.builder("success").attr("t", "1767225600");
            if (successLid != null) {
                success.attr("lid", successLid);
            }
            c.send(success.build());
        }
    }

    public static Node result(Node iq) {
        return Node.builder("iq").attr("from", "@s.whatsapp.net").attr("type", "result")
                .attr("id", iq.requireAttr("id")).build();
    }

    public <T extends ClientEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends ClientEvent> T last(Class<T> type) {
        List<T> found = events(type);
        if (found.isEmpty()) {
            throw new AssertionError("no " + type.getSimpleName() + " event in " + events);
        }
        return found.getLast();
    }

    public Credentials credentials() {
        return store.credentials().load().map(v -> v.value()).orElse(null);
    }

    /** Connects, scans the first QR code with the test phone and lets the client log in after the 515. */
    public void pairAndLogin() {
        client.connect();
        TestPhone.Qr qr = TestPhone.Qr.parse(last(ClientEvent.Qr.class).code());
        LoopbackServer.Connection pairing = server.last();
        pairing.send(phone.pairSuccess("ps-1", qr));
        pairing.sendAndDrop(Node.builder("stream:error").attr("code", "515").build(), "restart");
    }

    public static Node streamError(String code, String conflictType) {
        var error = Node.builder("stream:error");
        if (code != null) {
            error.attr("code", code);
        }
        if (conflictType != null) {
            error.child(Node.builder("conflict").attr("type", conflictType).build());
        }
        return error.build();
    }

    public static Jid server() {
        return Jid.SERVER;
    }
}
