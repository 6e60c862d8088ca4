package io.wabridge.bridge.e2e;

import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.server.ServerSession;
import java.util.concurrent.CountDownLatch;

/**
 * The in-process simulator with two phone accounts, and a gate that holds new connections before the server
 * authenticates them (no QR refs, no {@code <success>}), so a test can keep a command's effect unfinished.
 */
public final class SimulatedServer implements AutoCloseable {
    /** Pairs by QR code in the tests. */
    public static final String QR_PHONE = "15550001111";
    /** Pairs by pairing code in the tests. */
    public static final String CODE_PHONE = "15550002222";
    /** A contact exchanging messages with the bridge's sessions. */
    public static final String CONTACT_PHONE = "15550003333";

    private final WaSimulator simulator;
    private final SimulatedContact contact;
    private volatile CountDownLatch gate;

    SimulatedServer() throws Exception {
        simulator = WaSimulator.builder().extraHandlers(this::holdIfGated).start();
        simulator.accounts().create(QR_PHONE);
        simulator.accounts().create(CODE_PHONE);
        contact = simulator.accounts().messaging().contact(simulator.accounts().create(CONTACT_PHONE));
    }

    /** The simulated contact (a phone speaking real Signal), CONTACT_PHONE. */
    public SimulatedContact contact() {
        return contact;
    }

    public String url() {
        return simulator.url().toString();
    }

    public String noiseRootKeyHex() {
        return simulator.noiseRootKeyHex();
    }

    /** The server's media host and the phones' media (send, fetch, lose, tamper). */
    public io.wabridge.simulator.media.SimulatedMedia media() {
        return simulator.media();
    }

    /** The server's newsletters (channels). */
    public io.wabridge.simulator.newsletter.NewsletterServer newsletters() {
        return simulator.accounts().newsletters();
    }

    /** The server's groups. */
    public io.wabridge.simulator.group.GroupService groups() {
        return simulator.accounts().groups();
    }

    /** The phone of an account as a messaging party. */
    public SimulatedContact contact(String phone) {
        return simulator.accounts().messaging().contact(phone);
    }

    /** An account of the tests' own (its phone number must be new). */
    public PhoneAccount create(String phone) {
        return simulator.accounts().create(phone);
    }

    /** The phones' history sync (seeds, damage switches). */
    public io.wabridge.simulator.history.SimulatedHistory history() {
        return simulator.history();
    }

    /** The simulator's app-state server (collections, key shares, the phone's chat changes). */
    public io.wabridge.simulator.blocking.BlockingService blocking() {
        return simulator.accounts().messaging().blocking();
    }

    public io.wabridge.simulator.status.StatusService statuses() {
        return simulator.accounts().statuses();
    }

    public io.wabridge.simulator.call.CallService calls() {
        return simulator.accounts().messaging().calls();
    }

    public io.wabridge.simulator.appstate.AppStateServer appState() {
        return simulator.accounts().appState();

    }

    /** The server's profiles (about texts, pictures, business profiles). */
    public io.wabridge.simulator.profile.ProfileService profiles() {
        return simulator.accounts().profiles();
    }

    public PhoneAccount account(String phone) {
        return simulator.accounts().require(phone);
    }

    /** While closed, connections opened meanwhile wait before authentication; opening lets them all go on. */
    public void gate(boolean closed) {
        if (closed) {
            gate = new CountDownLatch(1);
        } else {
            CountDownLatch g = gate;
            gate = null;
            if (g != null) {
                g.countDown();
            }
        }
    }

    /** Runs before the server's authentication step is queued: a task queued first holds the connection's turn. */
    private void holdIfGated(ServerSession session) {
        CountDownLatch g = gate;
        if (g != null) {
            session.executor().execute(() -> {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Override
    public void close() {
        simulator.close();
    }
}
