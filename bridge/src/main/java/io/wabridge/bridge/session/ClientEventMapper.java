package io.wabridge.bridge.session;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.LoggedOut;
import io.wabridge.proto.v1.Me;
import io.wabridge.proto.v1.Paired;
import io.wabridge.proto.v1.PairingCode;
import io.wabridge.proto.v1.QrCode;

/**
 * The contract event (if any) for a client event: Connecting, Open and Close become {@code connection_update};
 * Qr, PairingCode, Paired and LoggedOut their own events. The client's internal events (prekey uploads, warnings,
 * stream errors, offline sync) have no contract event: a Close with the reason follows the ones that matter.
 */
public final class ClientEventMapper {

    private ClientEventMapper() {
    }

    /**
     * Sets the event on {@code envelope} and returns true, or returns false when the client event is not published.
     * {@code handOver} turns a close into "will reconnect": the session moves to another worker, which resumes it.
     */
    public static boolean map(ClientEvent event, EventEnvelope.Builder envelope, boolean handOver) {
        switch (event) {
            case ClientEvent.Connecting c -> envelope.setConnectionUpdate(ConnectionUpdate.newBuilder()
                    .setState(ConnectionUpdate.State.CONNECTING)
                    .setReason(c.attempt() == 0 ? "connecting" : "reconnecting (attempt " + (c.attempt() + 1) + ")"));
            case ClientEvent.Open o -> envelope.setConnectionUpdate(ConnectionUpdate.newBuilder()
                    .setState(ConnectionUpdate.State.OPEN).setReason("logged in"));
            case ClientEvent.Close c -> envelope.setConnectionUpdate(ConnectionUpdate.newBuilder()
                    .setState(ConnectionUpdate.State.CLOSED)
                    .setReason(handOver ? "handed over: this worker let the session go (rebalance or shutdown)"
                            : nullToEmpty(c.reason()))
                    .setWillReconnect(handOver || c.willReconnect()));
            case ClientEvent.Qr q -> envelope.setQr(QrCode.newBuilder().setCode(q.code())
                    .setExpiresAt(EventFactory.timestamp(q.expiresAt())));
            case ClientEvent.PairingCode p -> envelope.setPairingCode(PairingCode.newBuilder().setCode(p.code()));
            case ClientEvent.Paired p -> envelope.setPaired(Paired.newBuilder().setMe(me(p.me(), p.lid()))
                    .setPlatform(nullToEmpty(p.platform())));
            case ClientEvent.LoggedOut l -> envelope.setLoggedOut(LoggedOut.newBuilder().setReason(nullToEmpty(l.reason())));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The account's identity as the contract writes it: user JIDs without device. */
    public static Me me(String pn, String lid) {
        Me.Builder me = Me.newBuilder();
        String p = userJid(pn);
        String l = userJid(lid);
        if (p != null) {
            me.setPn(p);
        }
        if (l != null) {
            me.setLid(l);
        }
        return me.build();
    }

    /** {@code 15550001111:7@s.whatsapp.net} -> {@code 15550001111@s.whatsapp.net}; null if empty or unparsable. */
    static String userJid(String jid) {
        if (jid == null || jid.isEmpty()) {
            return null;
        }
        Jid parsed = Jid.tryParse(jid);
        return parsed == null ? null : parsed.normalizedUser().toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
