package io.wabridge.bridge.e2e;

import io.wabridge.client.binary.Node;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.testing.TestPhone;
import io.wabridge.proto.wa.ClientPayload;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.transport.SimulatorListenerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * The in-process simulator with the server's part of pairing and login installed on it, until the simulator's own
 * phones and accounts reach main: QR refs for a registering client (held back on demand, to keep a connect
 * unfinished), {@code <success>} for a registered one, answers to the prekey, passive and md iqs. A test pairs a
 * device by handing the QR code it read from the events topic to {@link #pair}.
 */
public final class SimulatedServer implements AutoCloseable {
    private final WaSimulator simulator;
    private final List<ServerSession> connections = new CopyOnWriteArrayList<>();
    private final List<ServerSession> held = new CopyOnWriteArrayList<>();
    private final AtomicBoolean holdPairing = new AtomicBoolean();
    private final AtomicInteger logins = new AtomicInteger();
    private final TestPhone phone = new TestPhone();

    SimulatedServer() throws Exception {
        simulator = WaSimulator.start(SimulatorListenerConfig.defaults(), this::install);
    }

    public String url() {
        return simulator.url().toString();
    }

    public String noiseRootKeyHex() {
        return simulator.noiseRootKeyHex();
    }

    /** While on, registering clients get no QR refs (their connect{pairing_code} cannot finish). */
    public void holdPairing(boolean on) {
        holdPairing.set(on);
        if (!on) {
            for (ServerSession s : held) {
                held.remove(s);
                s.executor().execute(() -> sendPairDevice(s));
            }
        }
    }

    /** Logins answered with success so far (registered clients connecting). */
    public int logins() {
        return logins.get();
    }

    /**
     * The phone scans the QR code: pair-success to the connection that showed it, then the 515 restart after which
     * the client logs in.
     */
    public void pair(String qrCode) {
        TestPhone.Qr qr = TestPhone.Qr.parse(qrCode);
        ServerSession connection = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> connections.stream()
                .filter(c -> !c.isClosed() && Arrays.equals(c.connection().clientStaticKey(), qr.noisePub()))
                .findFirst().orElse(null), c -> c != null);
        connection.executor().execute(() -> connection.send(phone.pairSuccess("ps-" + connection.connection().id(), qr)));
    }

    /** After pair-success the server restarts the stream (515) so the client logs in with its new credentials. */
    private void onPairSuccessAcked(ServerSession session) {
        session.sendAndClose(Node.builder("stream:error").attr("code", "515").build(), "restart after pairing");
    }

    private void install(ServerSession session) {
        ClientPayload payload;
        try {
            payload = ClientPayload.parseFrom(session.connection().clientPayload());
        } catch (Exception e) {
            session.close("undecodable client payload");
            return;
        }
        connections.add(session);
        connections.removeIf(ServerSession::isClosed);
        var router = session.router();
        router.on(StanzaMatcher.iq("get", "encrypt"), iq -> session.send(result(iq).toBuilder()
                .children(Node.builder("count").attr("value", "0").build()).build()));
        router.on(StanzaMatcher.iq("set", "encrypt"), iq -> session.send(result(iq)));
        router.on(StanzaMatcher.iq("set", "passive"), iq -> session.send(result(iq)));
        router.on(StanzaMatcher.iq("set", "md"), iq -> {
            Node reply = result(iq);
            if (iq.child("link_code_companion_reg") != null) {
                reply = reply.toBuilder().children(Node.builder("link_code_companion_reg").children(
                        Node.builder("link_code_pairing_ref").bytes("ref-code".getBytes()).build()).build()).build();
            }
            session.send(reply);
        });
        // The client answers pair-success with a result iq; the real server then restarts the stream.
        router.on(new StanzaMatcher("iq", "result", null), iq -> {
            if (iq.attr("id", "").startsWith("ps-")) {
                onPairSuccessAcked(session);
            }
        });
        if (!payload.hasDevicePairingData()) {
            logins.incrementAndGet();
            session.send(Node.builder("success").attr("t", "1767225600").attr("lid", TestPhone.LID).build());
        } else if (holdPairing.get()) {
            held.add(session);
        } else {
            sendPairDevice(session);
        }
    }

    private static void sendPairDevice(ServerSession session) {
        var pairDevice = Node.builder("pair-device");
        for (int i = 1; i <= 6; i++) {
            pairDevice.child(Node.builder("ref").bytes(("ref-" + session.connection().id() + "-" + i).getBytes()).build());
        }
        session.send(Node.builder("iq").attr("from", "@s.whatsapp.net").attr("type", "set").attr("xmlns", "md")
                .attr("id", "pd-" + session.connection().id()).children(pairDevice.build()).build());
    }

    private static Node result(Node iq) {
        return Node.builder("iq").attr("from", "@s.whatsapp.net").attr("type", "result")
                .attr("id", iq.requireAttr("id")).build();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
