package io.wabridge.client.auth;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.Credentials;
import io.wabridge.proto.wa.ADVDeviceIdentity;
import io.wabridge.proto.wa.ADVEncryptionType;
import io.wabridge.proto.wa.ADVSignedDeviceIdentity;
import io.wabridge.proto.wa.ADVSignedDeviceIdentityHMAC;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the server's {@code <pair-success>} and prepares what the companion answers and stores.
 *
 * <p>The primary phone signed our identity key with its account key and the server wrapped that in an HMAC keyed by
 * the adv secret we showed in the QR code. We check the HMAC, then the account signature (XEdDSA over
 * {@code 06 00 || details || ourIdentityPub}) so a server cannot link us to an account that never approved it, then
 * sign {@code 06 01 || details || ourIdentityPub || accountSignatureKey} with our identity key. Nothing is stored
 * here: the caller saves {@link Result#credentials()} in one write before answering.
 */
public final class PairSuccess {
    private static final byte[] ACCOUNT_SIGNATURE_PREFIX = {6, 0};
    private static final byte[] DEVICE_SIGNATURE_PREFIX = {6, 1};
    private static final byte[] HOSTED_ACCOUNT_SIGNATURE_PREFIX = {6, 5};

    private PairSuccess() {}

    /**
     * @param credentials the registered credentials to store (me, lid, platform, account with our device signature
     *                    and the account signature key), in one save
     * @param reply       the {@code <iq type=result><pair-device-sign>} to send once they are stored
     * @param primaryIdentityKey the phone's account signature key (raw 32 bytes), the primary device's identity
     */
    public record Result(Credentials credentials, Node reply, String me, String lid, String platform,
                         String businessName, int keyIndex, byte[] primaryIdentityKey) {}

    public static Result verify(Node iq, Credentials credentials) throws PairingException {
        String id = iq.attr("id");
        if (id == null) {
            throw malformed("pair-success iq has no id");
        }
        Node success = iq.child("pair-success");
        if (success == null) {
            throw malformed("iq has no <pair-success>");
        }
        Node identityNode = success.child("device-identity");
        if (identityNode == null || identityNode.bytesLength() == 0) {
            throw malformed("<pair-success> has no <device-identity> bytes");
        }
        Node deviceNode = success.child("device");
        if (deviceNode == null || deviceNode.attr("jid") == null) {
            throw malformed("<pair-success> has no <device jid>");
        }
        Jid me = parseJid(deviceNode.attr("jid"), "device jid");
        if (!me.isPn() || me.device() == 0) {
            throw malformed("<device jid> is not a companion device of a phone number: " + me);
        }
        String lidText = deviceNode.attr("lid");
        Jid lid = lidText == null ? null : parseJid(lidText, "device lid");
        Node platformNode = success.child("platform");
        String platform = platformNode == null ? null : platformNode.attr("name");
        Node bizNode = success.child("biz");
        String businessName = bizNode == null ? null : bizNode.attr("name");

        ADVSignedDeviceIdentityHMAC container = parse(identityNode.bytes(), ADVSignedDeviceIdentityHMAC::parseFrom,
                "ADVSignedDeviceIdentityHMAC");
        if (!container.hasDetails() || !container.hasHmac()) {
            throw malformed("ADVSignedDeviceIdentityHMAC lacks details or hmac");
        }
        byte[] details = container.getDetails().toByteArray();
        boolean hostedAccount = container.getAccountType() == ADVEncryptionType.HOSTED;
        byte[] expectedHmac = hmacSha256(credentials.advSecret(),
                hostedAccount ? concat(HOSTED_ACCOUNT_SIGNATURE_PREFIX, details) : details);
        if (!MessageDigest.isEqual(expectedHmac, container.getHmac().toByteArray())) {
            throw new PairingException(401, "hmac-mismatch", "pair-success HMAC does not match our adv secret");
        }

        ADVSignedDeviceIdentity account = parse(details, ADVSignedDeviceIdentity::parseFrom, "ADVSignedDeviceIdentity");
        ADVDeviceIdentity deviceIdentity = parse(account.getDetails().toByteArray(), ADVDeviceIdentity::parseFrom,
                "ADVDeviceIdentity");
        byte[] accountKey = account.getAccountSignatureKey().toByteArray();
        byte[] accountSignature = account.getAccountSignature().toByteArray();
        if (accountKey.length != 32 || accountSignature.length != XEdDsa.SIGNATURE_LENGTH) {
            throw new PairingException(401, "signature-mismatch",
                    "account signature key or signature has the wrong size (" + accountKey.length + ", "
                            + accountSignature.length + ")");
        }
        byte[] identityPub = credentials.identityKey().publicKey();
        byte[] deviceDetails = account.getDetails().toByteArray();
        byte[] accountPrefix = deviceIdentity.getDeviceType() == ADVEncryptionType.HOSTED
                ? HOSTED_ACCOUNT_SIGNATURE_PREFIX : ACCOUNT_SIGNATURE_PREFIX;
        if (!XEdDsa.verify(accountKey, concat(accountPrefix, deviceDetails, identityPub), accountSignature)) {
            throw new PairingException(401, "signature-mismatch",
                    "the account signature over our identity key does not verify: not approved by the phone");
        }
        byte[] deviceSignature = XEdDsa.sign(credentials.identityKey().privateKey(),
                concat(DEVICE_SIGNATURE_PREFIX, deviceDetails, identityPub, accountKey));
        ADVSignedDeviceIdentity signed = account.toBuilder().setDeviceSignature(ByteString.copyFrom(deviceSignature)).build();
        // The answer leaves the account key out (the server has it); we keep it, later stanzas carry it.
        byte[] answer = signed.toBuilder().clearAccountSignatureKey().build().toByteArray();
        Node reply = Node.builder("iq")
                .attr("to", Jid.SERVER)
                .attr("type", "result")
                .attr("id", id)
                .children(Node.builder("pair-device-sign").children(
                        Node.builder("device-identity")
                                .attr("key-index", Integer.toString(deviceIdentity.getKeyIndex()))
                                .bytes(answer).build()).build())
                .build();
        Credentials registered = credentials.toBuilder()
                .me(me.toString())
                .lid(lid == null ? null : lid.toString())
                .platform(platform)
                .account(signed.toByteArray())
                .registered(true)
                .build();
        return new Result(registered, reply, me.toString(), lid == null ? null : lid.toString(), platform,
                businessName, deviceIdentity.getKeyIndex(), accountKey);
    }

    /** {@code <iq type=error>} telling the server why we refused. */
    public static Node errorReply(String id, PairingException failure) {
        return Node.builder("iq").attr("to", Jid.SERVER).attr("type", "error").attr("id", id)
                .children(Node.builder("error").attr("code", Integer.toString(failure.errorCode()))
                        .attr("text", failure.errorText()).build())
                .build();
    }

    private interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private static <T> T parse(byte[] bytes, Parser<T> parser, String what) throws PairingException {
        try {
            return parser.parse(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new PairingException(400, "bad-request", "undecodable " + what + ": " + e.getMessage(), e);
        }
    }

    private static Jid parseJid(String text, String what) throws PairingException {
        try {
            return Jid.parse(text);
        } catch (InvalidJidException e) {
            throw malformed(what + " is not a JID: " + text);
        }
    }

    private static PairingException malformed(String message) {
        return new PairingException(400, "bad-request", message);
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
