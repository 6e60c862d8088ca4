package io.wabridge.simulator.account;

import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.simulator.pairing.AdvIdentities;
import io.wabridge.simulator.pairing.PairingForgery;
import java.util.concurrent.CompletableFuture;

/**
 * The account's primary phone, as a user holds it: it scans a companion's QR code, confirms a pairing code, and
 * unlinks devices. It owns the account key; the server only relays.
 */
public final class SimulatedPhone {
    private final PhoneAccount account;
    private final AccountRegistry registry;

    SimulatedPhone(PhoneAccount account, AccountRegistry registry) {
        this.account = account;
        this.registry = registry;
    }

    /**
     * Scans a linking QR code ({@code ref,noise,identity,adv[,platform]} or the {@code https://wa.me/settings/
     * linked_devices#...} link): the companion gets pair-success and, once it countersigned, is linked and told to
     * reconnect (515).
     *
     * @return completes with the new device, or with a {@link io.wabridge.simulator.pairing.PairingException}
     * @throws io.wabridge.simulator.pairing.InvalidQrException if the text is not a linking QR code
     * @throws io.wabridge.simulator.pairing.PairingException   if the ref is unknown, expired, or its keys do not match
     */
    public CompletableFuture<LinkedDevice> scanQr(String qr) {
        return scanQr(qr, PairingForgery.NONE);
    }

    /** {@link #scanQr(String)} with a deliberately broken pair-success, for a client's negative tests. */
    public CompletableFuture<LinkedDevice> scanQr(String qr, PairingForgery forgery) {
        return registry.pairing().scan(account, qr, forgery);
    }

    /**
     * Confirms the 8-character code a companion shows after asking to link to this number (dashes allowed).
     *
     * @return completes with the new device; a code other than the companion's fails with CODE_MISMATCH
     * @throws io.wabridge.simulator.pairing.PairingException if no companion waits for a code or the code is malformed
     */
    public CompletableFuture<LinkedDevice> confirmPairingCode(String code) {
        return confirmPairingCode(code, PairingForgery.NONE);
    }

    public CompletableFuture<LinkedDevice> confirmPairingCode(String code, PairingForgery forgery) {
        return registry.pairing().confirmCode(account, code, forgery);
    }

    /** Unlinks a device; its connection gets the device_removed stream error and what waited for it is dropped. */
    public void removeDevice(int deviceId) {
        account.removeDevice(deviceId);
        registry.messaging().forgetDevice(account, deviceId);
    }

    /**
     * Links a companion without a pairing exchange, as if it had paired earlier (fixtures for login tests): the
     * device identity carries valid account and device signatures.
     *
     * @param noiseKey the companion's Noise static public key, which its logins must use
     * @param identity the companion's Signal identity key pair (its private half signs the device identity)
     */
    public LinkedDevice linkDevice(byte[] noiseKey, X25519KeyPair identity, int registrationId,
                                   PublishedSignedPreKey signedPreKey, String platform) {
        PhoneAccount.DeviceSlot slot = account.reserveDevice();
        var now = registry.clock().instant();
        byte[] details = AdvIdentities.details(account.advRawId(), now.getEpochSecond(), slot.keyIndex());
        var signed = AdvIdentities.signByAccount(details, account.accountKeyPair(), identity.publicKey(),
                PairingForgery.NONE);
        byte[] deviceSignature = AdvIdentities.signByDevice(details, identity, account.accountPublicKey());
        byte[] complete = signed.toBuilder()
                .setDeviceSignature(com.google.protobuf.ByteString.copyFrom(deviceSignature)).build().toByteArray();
        LinkedDevice device = new LinkedDevice(slot.deviceId(), account.deviceJid(slot.deviceId()),
                account.deviceLid(slot.deviceId()), noiseKey, identity.publicKey(), registrationId, slot.keyIndex(),
                platform, null, now, 0, complete);
        account.addDevice(device, signedPreKey);
        return device;
    }
}
