package io.wabridge.simulator.testing;

import com.google.protobuf.ByteString;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.wa.ADVDeviceIdentity;
import io.wabridge.proto.wa.ADVSignedDeviceIdentity;
import io.wabridge.proto.wa.ADVSignedDeviceIdentityHMAC;
import io.wabridge.proto.wa.ClientPayload;
import io.wabridge.proto.wa.DeviceProps;
import io.wabridge.simulator.account.PublishedSignedPreKey;
import io.wabridge.simulator.pairing.AdvIdentities;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key material of a companion device and the few client steps server tests need (payloads, QR text, a
 * pair-device-sign answer), written against the protocol rather than against our client library.
 */
public final class TestCompanion {
    private static final SecureRandom RANDOM = new SecureRandom();

    public final X25519KeyPair noiseKey = X25519.generateKeyPair();
    public final X25519KeyPair identityKey = X25519.generateKeyPair();
    public final int registrationId = RANDOM.nextInt(1, 16380);
    public final X25519KeyPair signedPreKeyPair = X25519.generateKeyPair();
    public final int signedPreKeyId = 1;
    public final byte[] signedPreKeySignature = XEdDsa.sign(identityKey.privateKey(),
            XEdDsa.withTypePrefix(signedPreKeyPair.publicKey()));
    public byte[] advSecret = random(32);

    public PublishedSignedPreKey signedPreKey() {
        return new PublishedSignedPreKey(signedPreKeyId, signedPreKeyPair.publicKey(), signedPreKeySignature);
    }

    /** A registration ClientPayload as Baileys and whatsmeow build it. */
    public byte[] registrationPayload() {
        return registrationPayloadBuilder().build().toByteArray();
    }

    public ClientPayload.Builder registrationPayloadBuilder() {
        return ClientPayload.newBuilder()
                .setPassive(false)
                .setPull(false)
                .setPushName("Test Companion")
                .setDevicePairingData(ClientPayload.DevicePairingRegistrationData.newBuilder()
                        .setERegid(ByteString.copyFrom(bigEndian(registrationId, 4)))
                        .setEKeytype(ByteString.copyFrom(new byte[] {5}))
                        .setEIdent(ByteString.copyFrom(identityKey.publicKey()))
                        .setESkeyId(ByteString.copyFrom(bigEndian(signedPreKeyId, 3)))
                        .setESkeyVal(ByteString.copyFrom(signedPreKeyPair.publicKey()))
                        .setESkeySig(ByteString.copyFrom(signedPreKeySignature))
                        .setBuildHash(ByteString.copyFrom(new byte[16]))
                        .setDeviceProps(DeviceProps.newBuilder().setOs("TestOS")
                                .setPlatformType(DeviceProps.PlatformType.CHROME).build().toByteString()));
    }

    /** A login ClientPayload: username = phone as a number, device N. */
    public static byte[] loginPayload(String phoneNumber, int device, boolean passive) {
        return ClientPayload.newBuilder()
                .setUsername(Long.parseUnsignedLong(phoneNumber))
                .setDevice(device)
                .setPassive(passive)
                .setPull(true)
                .build()
                .toByteArray();
    }

    /** The QR text for a ref, in WhatsApp Web's link form. */
    public String qr(String ref) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "https://wa.me/settings/linked_devices#" + ref + "," + b64.encodeToString(noiseKey.publicKey()) + ","
                + b64.encodeToString(identityKey.publicKey()) + "," + b64.encodeToString(advSecret) + ",1";
    }

    /** What a pair-success carries, decoded, with the checks a companion makes. */
    public record PairSuccess(String iqId, Jid jid, Jid lid, String platform, ADVSignedDeviceIdentity signed,
                              ADVDeviceIdentity details, boolean hmacValid, boolean accountSignatureValid) {}

    public PairSuccess decode(Node iq) throws Exception {
        Node success = iq.child("pair-success");
        ADVSignedDeviceIdentityHMAC wrapped = ADVSignedDeviceIdentityHMAC.parseFrom(success.child("device-identity").bytes());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(advSecret, "HmacSHA256"));
        boolean hmacValid = Arrays.equals(mac.doFinal(wrapped.getDetails().toByteArray()), wrapped.getHmac().toByteArray());
        ADVSignedDeviceIdentity signed = ADVSignedDeviceIdentity.parseFrom(wrapped.getDetails());
        boolean accountValid = XEdDsa.verify(signed.getAccountSignatureKey().toByteArray(),
                AdvIdentities.accountSignatureMessage(signed.getDetails().toByteArray(), identityKey.publicKey()),
                signed.getAccountSignature().toByteArray());
        Node device = success.child("device");
        return new PairSuccess(iq.requireAttr("id"), device.requireJidAttr("jid"), device.requireJidAttr("lid"),
                success.child("platform").attr("name"), signed, ADVDeviceIdentity.parseFrom(signed.getDetails()),
                hmacValid, accountValid);
    }

    /** The companion's answer: its device signature, without the account key, as Baileys and whatsmeow send it. */
    public Node pairDeviceSign(PairSuccess success) {
        byte[] details = success.signed().getDetails().toByteArray();
        byte[] signature = AdvIdentities.signByDevice(details, identityKey, success.signed().getAccountSignatureKey().toByteArray());
        ADVSignedDeviceIdentity answer = success.signed().toBuilder()
                .clearAccountSignatureKey()
                .setDeviceSignature(ByteString.copyFrom(signature))
                .build();
        return Node.builder("iq").attr("to", Jid.SERVER).attr("type", "result").attr("id", success.iqId())
                .children(Node.builder("pair-device-sign").children(Node.builder("device-identity")
                        .attr("key-index", success.details().getKeyIndex())
                        .bytes(answer.toByteArray()).build()).build())
                .build();
    }

    /** An empty result iq answering a server request (e.g. the pair-device ack). */
    public static Node ack(Node request) {
        return Node.builder("iq").attr("to", Jid.SERVER).attr("type", "result").attr("id", request.requireAttr("id")).build();
    }

    public static byte[] bigEndian(int value, int length) {
        byte[] out = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    public static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
