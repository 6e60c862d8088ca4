package io.wabridge.simulator.login;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.proto.wa.ClientPayload;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.UnknownDeviceException;
import io.wabridge.simulator.messaging.MessagingHandlers;
import io.wabridge.simulator.messaging.MessagingService;
import io.wabridge.simulator.messaging.StanzaSink;
import io.wabridge.simulator.server.InteropSwitches;
import io.wabridge.simulator.server.ServerIds;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;
import io.wabridge.simulator.server.StreamErrorKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A linked device's logged-in connection. Authentication is WhatsApp's: the username and device must name a linked
 * companion and the connection's Noise static key must be the one it paired with, else {@code <failure
 * reason="401"/>}. A second login of the same device replaces the first ({@code conflict replaced}).
 *
 * <p>A connection that logs in passive (Baileys 7, whatsmeow) gets its offline backlog once it sends
 * {@code <active/>}; an active login (Baileys 6) gets it right after {@code <success>}. Either way the backlog (the
 * messages and receipts waiting in the device's mailbox) ends with {@code <ib><offline count=N/></ib>}, and only then
 * does the device get stanzas live. Executor-confined.
 */
final class LoginConnection {
    private static final Logger LOG = LoggerFactory.getLogger(LoginConnection.class);

    private final ServerSession session;
    private final PhoneAccount account;
    private final int deviceId;
    private final MessagingService messaging;
    /** The one sink of this connection: its mailbox attaches and detaches exactly this object. */
    private final StanzaSink sink;
    private boolean offlineDelivered;

    private LoginConnection(ServerSession session, PhoneAccount account, int deviceId, MessagingService messaging) {
        this.session = session;
        this.account = account;
        this.deviceId = deviceId;
        this.messaging = messaging;
        this.sink = session::push;
    }

    static void accept(ServerSession session, AccountRegistry accounts, ClientPayload payload) {
        String phoneNumber = Long.toUnsignedString(payload.getUsername());
        int deviceId = payload.getDevice();
        Optional<PhoneAccount> found = accounts.find(phoneNumber);
        if (found.isEmpty()) {
            ConnectionAuthenticator.refuse(session, 401, "no account " + phoneNumber);
            return;
        }
        PhoneAccount account = found.get();
        Optional<LinkedDevice> device = account.device(deviceId);
        if (device.isEmpty()) {
            ConnectionAuthenticator.refuse(session, 401, phoneNumber + " has no linked device " + deviceId);
            return;
        }
        if (!Arrays.equals(device.get().noiseKey(), session.connection().clientStaticKey())) {
            ConnectionAuthenticator.refuse(session, 401, "device " + deviceId + " of " + phoneNumber
                    + " logged in with another Noise key than it paired with");
            return;
        }
        int forced = account.takeForcedLoginFailure(deviceId);
        if (forced != 0) {
            ConnectionAuthenticator.refuse(session, forced, "login failure forced by a test");
            return;
        }
        ServerSession previous;
        try {
            previous = account.attachSession(deviceId, session);
        } catch (UnknownDeviceException unlinkedMeanwhile) {
            ConnectionAuthenticator.refuse(session, 401, unlinkedMeanwhile.getMessage());
            return;
        }
        if (previous != null && previous != session) {
            previous.terminate(StreamErrorKind.REPLACED);
        }
        LoginConnection login = new LoginConnection(session, account, deviceId, accounts.messaging());
        session.connection().closeFuture().whenComplete((ignored, error) -> {
            account.detachSession(deviceId, session);
            accounts.messaging().detach(account, deviceId, login.sink);
        });
        PreKeyHandlers.install(session, account, deviceId, accounts.messaging());
        CompanionRemoval.install(session, account, deviceId);
        MessagingHandlers.install(session, account, deviceId, login.sink, accounts.messaging());
        accounts.appState().install(session, account, deviceId);
        accounts.profiles().install(session, account, deviceId);
        accounts.newsletters().install(session, account, deviceId);
        session.router().on(StanzaMatcher.iq("set", "passive"), login::passiveIq);
        LOG.info("connection {}: {} logged in (dictionary v{}, passive={})", session.connection().id(),
                device.get().jid(), session.dictionaryVersion(), payload.getPassive());
        InteropSwitches interop = accounts.interop();
        NodeBuilder success = Node.builder("success").attr("lid", interop.successLidFor(account.deviceLid(deviceId).toString()));
        if (!interop.minimalAttributes()) {
            success.attr("t", accounts.clock().instant().getEpochSecond())
                    .attr("props", "0")
                    .attr("location", "sim")
                    .attr("creation", account.createdAt().getEpochSecond());
        }
        session.send(success.build());
        if (interop.unknownStanzasAfterLogin()) {
            session.send(Node.builder("ib").attr("from", Jid.SERVER).children(Node.of("interop_unknown")).build());
            session.send(Node.builder("notification").attr("id", ServerIds.next()).attr("from", Jid.SERVER)
                    .attr("type", "interop-unknown").attr("t", accounts.clock().instant().getEpochSecond()).build());
            session.send(Node.builder("interop-unknown-tag").attr("id", ServerIds.next()).build());
        }
        if (!payload.getPassive()) {
            login.deliverOffline();
        }
        accounts.appState().loggedIn(account, deviceId);
    }

    /** {@code <iq xmlns="passive" type="set"><active/>|<passive/></iq>}. */
    private void passiveIq(Node iq) {
        if (account.interop().activeIqAnsweredWithAck()) {
            session.send(Node.builder("ack").attr("id", iq.requireAttr("id")).attr("class", "iq")
                    .attr("from", Jid.SERVER).build());
            deliverOffline();
            return;
        }
        String forcedError = account.interop().activeIqErrorCode();
        if (forcedError != null) {
            session.send(ServerStanzas.iqError(iq, forcedError, "interop-switch"));
            deliverOffline();
            return;
        }
        boolean active = iq.child("active") != null;
        if (!active && iq.child("passive") == null) {
            session.send(ServerStanzas.iqError(iq, 400, "bad-request"));
            return;
        }
        session.send(ServerStanzas.iqResult(iq));
        if (active) {
            deliverOffline();
        }
    }

    /**
     * Delivers what waited in the device's mailbox, then the end marker with its count; from here on the mailbox
     * hands new stanzas to this connection (queued on this executor, so after the marker).
     */
    private void deliverOffline() {
        if (offlineDelivered || session.isClosed()) {
            return;
        }
        offlineDelivered = true;
        List<Node> backlog = messaging.attach(account, deviceId, sink);
        for (Node stanza : backlog) {
            session.send(stanza);
        }
        session.send(ServerStanzas.offlineComplete(backlog.size()));
    }

    @Override
    public String toString() {
        return "LoginConnection[" + account.phoneNumber() + ":" + deviceId + "]";
    }
}
