package io.wabridge.simulator.pairing;

import io.wabridge.client.binary.BigEndian;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.proto.wa.ClientPayload;
import io.wabridge.proto.wa.DeviceProps;
import io.wabridge.simulator.account.PublishedSignedPreKey;

/**
 * What a companion registers with (ClientPayload.devicePairingData), checked: its Signal identity, registration
 * id and signed prekey (whose signature must verify), what it says it is, and the Noise static key of the
 * connection it came on.
 */
public record CompanionRegistration(byte[] noiseKey, byte[] identityKey, int registrationId,
                                    PublishedSignedPreKey signedPreKey, String platform, String os, String pushName,
                                    int dictionaryVersion) {

    /**
     * @throws InvalidRegistrationException if a field is missing, has the wrong size, or the signed prekey's
     *                                      signature does not verify under the identity key
     */
    public static CompanionRegistration from(ClientPayload payload, byte[] clientStaticKey, int dictionaryVersion) {
        ClientPayload.DevicePairingRegistrationData data = payload.getDevicePairingData();
        byte[] identity = exact(data.getEIdent().toByteArray(), 32, "e_ident");
        int registrationId = (int) BigEndian.unsigned(exact(data.getERegid().toByteArray(), 4, "e_regid"));
        byte[] keyType = exact(data.getEKeytype().toByteArray(), 1, "e_keytype");
        if (keyType[0] != XEdDsa.DJB_TYPE) {
            throw new InvalidRegistrationException("e_keytype must be 5 (Curve25519), got " + keyType[0]);
        }
        int skeyId = (int) BigEndian.unsigned(exact(data.getESkeyId().toByteArray(), 3, "e_skey_id"));
        byte[] skeyValue = exact(data.getESkeyVal().toByteArray(), 32, "e_skey_val");
        byte[] skeySignature = exact(data.getESkeySig().toByteArray(), 64, "e_skey_sig");
        if (!XEdDsa.verify(identity, XEdDsa.withTypePrefix(skeyValue), skeySignature)) {
            throw new InvalidRegistrationException("signed prekey signature does not verify under e_ident");
        }
        String platform = null;
        String os = null;
        if (data.hasDeviceProps()) {
            try {
                DeviceProps props = DeviceProps.parseFrom(data.getDeviceProps());
                platform = props.hasPlatformType() ? props.getPlatformType().name() : null;
                os = props.hasOs() ? props.getOs() : null;
            } catch (InvalidProtocolBufferException e) {
                throw new InvalidRegistrationException("device_props is not a DeviceProps message: " + e.getMessage());
            }
        }
        return new CompanionRegistration(clientStaticKey.clone(), identity, registrationId,
                new PublishedSignedPreKey(skeyId, skeyValue, skeySignature), platform, os,
                payload.hasPushName() ? payload.getPushName() : null, dictionaryVersion);
    }

    @Override
    public byte[] noiseKey() {
        return noiseKey.clone();
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    private static byte[] exact(byte[] value, int length, String field) {
        if (value.length != length) {
            throw new InvalidRegistrationException("device_pairing_data." + field + " must be " + length
                    + " bytes, got " + value.length);
        }
        return value;
    }

}
