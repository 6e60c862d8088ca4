package io.wabridge.client.testing;

import com.google.protobuf.ByteString;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.proto.wa.ADVDeviceIdentity;
import io.wabridge.proto.wa.ADVSignedDeviceIdentity;
import io.wabridge.proto.wa.ADVSignedDeviceIdentityHMAC;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primary phone's part of QR pairing, with real crypto: it signs the companion's identity key with its
 * account key and wraps that in an HMAC keyed by the adv secret read from the QR code.
 */
public final class TestPhone {
    public static final String ME = "15550001111:7@s.whatsapp.net";
    public static final String LID = "99887766554433:7@lid";
    public static final int KEY_INDEX = 3;

    public final X25519KeyPair account = X25519.generateKeyPair();
    /** The companion JIDs this phone's pair-success assigns (default {@link #ME}, {@link #LID}). */
    public final String me;
    public final String lid;

    public TestPhone() {
        this(ME, LID);
    }

    public TestPhone(String me, String lid) {
        this.me = me;
        this.lid = lid;
    }

    /** The fields of a QR code. */
    public record Qr(String ref, byte[] noisePub, byte[] identityPub, byte[] advSecret, String platform) {
        public static Qr parse(String code) {
            String[] parts = code.split(",");
            if (parts.length != 5) {
                throw new IllegalArgumentException("QR code must have 5 comma-separated fields: " + code);
            }
            Base64.Decoder b64 = Base64.getDecoder();
            return new Qr(parts[0], b64.decode(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]), parts[4]);
        }
    }

    public byte[] deviceDetails() {
        return ADVDeviceIdentity.newBuilder().setRawId(424242).setTimestamp(1_767_225_600L).setKeyIndex(KEY_INDEX)
                .build().toByteArray();
    }

    /** ADVSignedDeviceIdentity with the account signature made by {@code signer} over {@code 06 00 || details || identity}. */
    public byte[] signedIdentity(byte[] companionIdentityPub, X25519KeyPair signer, byte[] prefix) {
        byte[] details = deviceDetails();
        byte[] signature = XEdDsa.sign(signer.privateKey(), concat(prefix, details, companionIdentityPub));
        return ADVSignedDeviceIdentity.newBuilder()
                .setDetails(ByteString.copyFrom(details))
                .setAccountSignatureKey(ByteString.copyFrom(account.publicKey()))
                .setAccountSignature(ByteString.copyFrom(signature))
                .build().toByteArray();
    }

    public byte[] validIdentity(byte[] companionIdentityPub) {
        return signedIdentity(companionIdentityPub, account, new byte[] {6, 0});
    }

    public static byte[] hmacWrapped(byte[] signedIdentity, byte[] hmacKey) {
        return ADVSignedDeviceIdentityHMAC.newBuilder()
                .setDetails(ByteString.copyFrom(signedIdentity))
                .setHmac(ByteString.copyFrom(hmac(hmacKey, signedIdentity)))
                .build().toByteArray();
    }

    /** A valid pair-success for the companion whose QR code was read. */
    public Node pairSuccess(String id, Qr qr) {
        return pairSuccess(id, hmacWrapped(validIdentity(qr.identityPub()), qr.advSecret()), true, me, lid);
    }

    public static Node pairSuccess(String id, byte[] deviceIdentity, boolean withDevice) {
        return pairSuccess(id, deviceIdentity, withDevice, ME, LID);
    }

    public static Node pairSuccess(String id, byte[] deviceIdentity, boolean withDevice, String me, String lid) {
        var success = Node.builder("pair-success");
        if (deviceIdentity != null) {
            success.child(Node.builder("device-identity").bytes(deviceIdentity).build());
        }
        success.child(Node.builder("platform").attr("name", "android").build());
        if (withDevice) {
            success.child(Node.builder("device").attr("jid", me).attr("lid", lid).build());
        }
        return Node.builder("iq").attr("from", "@s.whatsapp.net").attr("type", "set").attr("id", id)
                .children(success.build()).build();
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
