package io.wabridge.simulator.login;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;

/**
 * A logged-in companion unlinking itself (logout): {@code <iq xmlns="md" type="set"><remove-companion-device
 * jid=".." reason="user_initiated"/></iq>}. The server answers, then forgets the device; the connection it is
 * on ends with {@code device_removed} as for any unlinked device.
 */
final class CompanionRemoval {
    private CompanionRemoval() {}

    static void install(ServerSession session, PhoneAccount account, int deviceId) {
        session.router().on(StanzaMatcher.iq("set", "md"), iq -> {
            Node removal = iq.child("remove-companion-device");
            if (removal == null) {
                session.send(ServerStanzas.iqError(iq, 501, "feature-not-implemented"));
                return;
            }
            Jid target = Jid.tryParse(removal.attr("jid", ""));
            if (target == null || !target.user().equals(account.phoneNumber()) || target.device() != deviceId) {
                session.send(ServerStanzas.iqError(iq, 403, "forbidden"));
                return;
            }
            session.send(ServerStanzas.iqResult(iq));
            account.removeDevice(deviceId);
        });
    }
}
