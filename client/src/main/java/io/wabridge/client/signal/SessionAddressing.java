package io.wabridge.client.signal;

import io.wabridge.client.jid.Jid;

/**
 * Which device's Signal session serves a device JID: WhatsApp keeps one session per device under the identity it
 * uses for the contact, the LID once it is known, whichever form a stanza names the device in
 * ({@code io.wabridge.client.lid.LidMappings} answers it for an account).
 */
@FunctionalInterface
public interface SessionAddressing {

    /** Every device keeps the session of the form it is named in. */
    SessionAddressing AS_NAMED = device -> device;

    /** The device whose session to use for {@code device} (the device itself when it has no other form). */
    Jid sessionDevice(Jid device);
}
