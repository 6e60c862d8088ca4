package io.wabridge.client.signal;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.client.store.SignalAddress;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/**
 * Maps device JIDs to Signal protocol addresses the way WhatsApp clients do (Baileys
 * {@code jidToSignalProtocolAddress}, whatsmeow {@code JID.SignalAddress}): name = the user, suffixed
 * {@code _<domain type>} for LID and hosted users ({@link Jid#signalUser()}), device id = the JID's device (0 for
 * the primary). So {@code 15551234567:3@s.whatsapp.net} is {@code 15551234567.3} and {@code 123:2@lid} is
 * {@code 123_1.2}.
 */
public final class SignalAddresses {

    /** Device 99 is reserved for hosted (cloud API) accounts; Baileys rejects it elsewhere, and so do we. */
    private static final int HOSTED_DEVICE = 99;

    private SignalAddresses() {
    }

    /**
     * The address of one device.
     *
     * @throws NotADeviceJidException for JIDs that name no user device (groups, broadcasts, server JIDs)
     */
    public static SignalAddress of(Jid device) {
        if (device.isServerJid() || device.isGroup() || device.isBroadcast() || device.isNewsletter()) {
            throw new NotADeviceJidException("no Signal sessions with " + device);
        }
        if (device.device() == HOSTED_DEVICE && !device.isHosted()) {
            throw new NotADeviceJidException("device 99 outside a hosted server: " + device);
        }
        return new SignalAddress(device.signalUser(), device.device());
    }

    public static SignalProtocolAddress toProtocolAddress(SignalAddress address) {
        return new SignalProtocolAddress(address.name(), address.deviceId());
    }

    public static SignalAddress fromProtocolAddress(SignalProtocolAddress address) {
        return new SignalAddress(address.getName(), address.getDeviceId());
    }

    /** The device JID an address was made from (the inverse of {@link #of(Jid)}). */
    public static Jid toJid(SignalAddress address) {
        String name = address.name();
        int underscore = name.lastIndexOf('_');
        if (underscore < 0) {
            return Jid.ofDevice(name, address.deviceId(), JidServer.WHATSAPP);
        }
        String user = name.substring(0, underscore);
        int domain;
        try {
            domain = Integer.parseInt(name.substring(underscore + 1));
        } catch (NumberFormatException e) {
            throw new NotADeviceJidException("not a Signal address of a WhatsApp device: " + address);
        }
        return switch (domain) {
            case Jid.DOMAIN_LID -> Jid.ofDevice(user, address.deviceId(), JidServer.LID);
            case Jid.DOMAIN_HOSTED -> Jid.ofDevice(user, address.deviceId(), JidServer.HOSTED);
            case Jid.DOMAIN_HOSTED_LID -> Jid.ofDevice(user, address.deviceId(), JidServer.HOSTED_LID);
            default -> Jid.of(user, domain, address.deviceId(), 0, JidServer.WHATSAPP);
        };
    }
}
