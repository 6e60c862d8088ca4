package io.wabridge.simulator.pairing;

import com.google.protobuf.ByteString;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.proto.wa.ADVDeviceIdentity;
import io.wabridge.proto.wa.ADVSignedDeviceIdentity;
import io.wabridge.proto.wa.ADVSignedDeviceIdentityHMAC;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Account-device verification as the primary phone does it: the account key signs a companion's device identity,
 * the companion countersigns it. Message layouts: account signature over {@code 06 00 || details ||
 * companionIdentity}, device signature over {@code 06 01 || details || companionIdentity || accountKey}; the
 * pair-success payload is HMAC-SHA256-keyed by the companion's adv secret.
 */
public final class AdvIdentities {
    private static final byte[] ACCOUNT_SIGNATURE_PREFIX = {6, 0};
    private static final byte[] DEVICE_SIGNATURE_PREFIX = {6, 1};

    private AdvIdentities() {}

    /** Serialized ADVDeviceIdentity{rawId, timestamp, keyIndex}. */
    public static byte[] details(int rawId, long timestampSeconds, int keyIndex) {
        return ADVDeviceIdentity.newBuilder()
                .setRawId(rawId)
                .setTimestamp(timestampSeconds)
                .setKeyIndex(keyIndex)
                .build()
                .toByteArray();
    }

    public static byte[] accountSignatureMessage(byte[] details, byte[] companionIdentity) {
        return concat(ACCOUNT_SIGNATURE_PREFIX, details, companionIdentity);
    }

    public static byte[] deviceSignatureMessage(byte[] details, byte[] companionIdentity, byte[] accountKey) {
        return concat(DEVICE_SIGNATURE_PREFIX, details, companionIdentity, accountKey);
    }

    /** ADVSignedDeviceIdentity{details, accountSignatureKey, accountSignature}, signed by the account key. */
    public static ADVSignedDeviceIdentity signByAccount(byte[] details, X25519KeyPair accountKey, byte[] companionIdentity,
                                                        PairingForgery forgery) {
        byte[] message = accountSignatureMessage(details, companionIdentity);
        if (forgery == PairingForgery.BAD_ACCOUNT_SIGNATURE) {
            message[message.length - 1] ^= 1; // a valid signature, of something else
        }
        return ADVSignedDeviceIdentity.newBuilder()
                .setDetails(ByteString.copyFrom(details))
                .setAccountSignatureKey(ByteString.copyFrom(accountKey.publicKey()))
                .setAccountSignature(ByteString.copyFrom(XEdDsa.sign(accountKey.privateKey(), message)))
                .build();
    }

    /** The pair-success device-identity: ADVSignedDeviceIdentityHMAC{details = signed identity, hmac}. */
    public static byte[] wrapWithHmac(ADVSignedDeviceIdentity signed, byte[] advSecret, PairingForgery forgery) {
        byte[] signedBytes = signed.toByteArray();
        byte[] key = advSecret.clone();
        if (forgery == PairingForgery.BAD_HMAC) {
            key[0] ^= 1;
        }
        return ADVSignedDeviceIdentityHMAC.newBuilder()
                .setDetails(ByteString.copyFrom(signedBytes))
                .setHmac(ByteString.copyFrom(hmacSha256(key, signedBytes)))
                .build()
                .toByteArray();
    }

    /** Whether the companion's device signature verifies under its identity key. */
    public static boolean verifyDeviceSignature(byte[] details, byte[] companionIdentity, byte[] accountKey,
                                                byte[] deviceSignature) {
        return XEdDsa.verify(companionIdentity, deviceSignatureMessage(details, companionIdentity, accountKey),
                deviceSignature);
    }

    /** The device signature a companion makes (for fixtures that link a device without a pairing exchange). */
    public static byte[] signByDevice(byte[] details, X25519KeyPair companionIdentity, byte[] accountKey) {
        return XEdDsa.sign(companionIdentity.privateKey(),
                deviceSignatureMessage(details, companionIdentity.publicKey(), accountKey));
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
