package io.wabridge.simulator.account;

import io.wabridge.client.jid.Jid;
import java.time.Instant;

/**
 * A companion linked to a phone account, as the server knows it: the Noise static key that authenticates its
 * logins, its Signal identity and registration id, the ADV key index the phone signed it under, and what it said
 * about itself when it paired. Immutable.
 *
 * @param id                       device number (1, 2, ...; 0 is the phone itself)
 * @param jid                      {@code PHONE:ID@s.whatsapp.net}
 * @param lid                      {@code LID:ID@lid}
 * @param platform                 what the companion registered as (DeviceProps platform, e.g. CHROME), or the QR's
 *                                 platform code
 * @param pushName                 the name in its ClientPayload, or null
 * @param pairingDictionaryVersion binary dictionary version of the connection it paired on
 */
public record LinkedDevice(int id, Jid jid, Jid lid, byte[] noiseKey, byte[] identityKey, int registrationId,
                           int keyIndex, String platform, String pushName, Instant linkedAt,
                           int pairingDictionaryVersion, byte[] signedDeviceIdentity) {
    public LinkedDevice {
        noiseKey = noiseKey.clone();
        identityKey = identityKey.clone();
        signedDeviceIdentity = signedDeviceIdentity.clone();
    }

    /** The 32-byte Noise static public key this device must log in with. */
    @Override
    public byte[] noiseKey() {
        return noiseKey.clone();
    }

    /** The 32-byte Signal identity public key. */
    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    /** ADVSignedDeviceIdentity with the account and device signatures, as the phone keeps it. */
    @Override
    public byte[] signedDeviceIdentity() {
        return signedDeviceIdentity.clone();
    }

    @Override
    public String toString() {
        return "LinkedDevice[" + jid + ", lid " + lid + ", key index " + keyIndex + ", " + platform + "]";
    }
}
