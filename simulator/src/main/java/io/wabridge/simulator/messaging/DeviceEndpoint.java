package io.wabridge.simulator.messaging;

import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.PhoneAccount;
import java.util.Objects;

/**
 * The server's side of one device that sends stanzas: which account and device it is, and where the server's
 * answers to it (acks) go.
 */
public record DeviceEndpoint(PhoneAccount account, int deviceId, StanzaSink replies) {
    public DeviceEndpoint {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(replies, "replies");
    }

    /** {@code PHONE[:DEVICE]@s.whatsapp.net}. */
    public Jid jid() {
        return account.deviceJid(deviceId);
    }

    @Override
    public String toString() {
        return jid().toString();
    }
}
