package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.Node;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PreKeyBundle;
import java.util.List;

/**
 * What a simulated phone (a {@code contact.SimulatedContact}) uses of the server: routing, presence, its mailbox,
 * other devices' prekey bundles. {@link MessagingService} implements it; phones depend on this interface, so the
 * service that starts them and the phones import no circle.
 */
public interface PhoneNetwork {

    Accounts accounts();

    MessageRouter router();

    PresenceRouter presence();

    /** Puts a device online; returns what waited for it (see {@link MessagingService#attach}). */
    List<Node> attach(PhoneAccount account, int deviceId, StanzaSink sink);

    /** Hands out a device's prekey bundle (see {@link MessagingService#takeBundle}). */
    PreKeyBundle takeBundle(PhoneAccount account, int deviceId);
}
