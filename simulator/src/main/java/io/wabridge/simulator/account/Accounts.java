package io.wabridge.simulator.account;

import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.server.InteropSwitches;
import java.time.Clock;
import java.util.Optional;

/**
 * Looking accounts up, which is all the server's services (pairing, messaging) need of the {@link AccountRegistry}
 * that owns them: they depend on this, not on the registry, so no import circle ties them together.
 */
public interface Accounts {

    Optional<PhoneAccount> find(String phoneNumber);

    /** The account with this LID user part. */
    Optional<PhoneAccount> findByLid(String lid);

    /** The account a user or device JID names (phone number or LID); empty for other servers. */
    Optional<PhoneAccount> find(Jid jid);

    /** @throws UnknownAccountException if there is no account for the number */
    PhoneAccount require(String phoneNumber);

    Clock clock();

    /** What this server sends differently from WhatsApp (see {@link InteropSwitches}). */
    InteropSwitches interop();
}
