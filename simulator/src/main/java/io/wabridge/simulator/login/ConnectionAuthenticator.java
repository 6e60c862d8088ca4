package io.wabridge.simulator.login;

import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.proto.wa.ClientPayload;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.pairing.InvalidRegistrationException;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a fresh connection is from its ClientPayload, as WhatsApp does right after the Noise handshake: a
 * registration (devicePairingData) is served the pairing refs, a login (username + device) is authenticated and
 * gets {@code <success>}, anything else gets {@code <failure reason="400"/>} and is closed.
 */
public final class ConnectionAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAuthenticator.class);

    private ConnectionAuthenticator() {}

    /** Runs on the session's executor before any of its stanzas is routed. */
    public static void authenticate(ServerSession session, AccountRegistry accounts) {
        try {
            decide(session, accounts);
        } catch (RuntimeException e) {
            // A server fault must not leave a handshaken connection that answers pings but never logs in.
            LOG.error("connection {}: authentication failed", session.connection().id(), e);
            refuse(session, 500, "internal error: " + e);
        }
    }

    private static void decide(ServerSession session, AccountRegistry accounts) {
        ClientPayload payload;
        try {
            payload = ClientPayload.parseFrom(session.connection().clientPayload());
        } catch (InvalidProtocolBufferException e) {
            refuse(session, 400, "ClientPayload does not parse: " + e.getMessage());
            return;
        }
        if (payload.hasDevicePairingData()) {
            try {
                accounts.pairing().acceptRegistration(session, payload);
            } catch (InvalidRegistrationException e) {
                refuse(session, 400, e.getMessage());
            }
        } else if (payload.hasUsername()) {
            LoginConnection.accept(session, accounts, payload);
        } else {
            refuse(session, 400, "ClientPayload has neither device_pairing_data nor username");
        }
    }

    /** {@code <failure reason=N/>}, then close: how WhatsApp turns a connection away after the handshake. */
    static void refuse(ServerSession session, int reason, String why) {
        LOG.info("connection {}: refused with {}: {}", session.connection().id(), reason, why);
        session.sendAndClose(ServerStanzas.failure(reason), "refused " + reason + ": " + why);
    }
}
