package io.wabridge.client.noise;

import com.google.protobuf.ByteString;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.proto.wa.CertChain;
import io.wabridge.proto.wa.CertChain.NoiseCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A private root and intermediate that mint WhatsApp-shaped certificate chains for a server static
 * key (root serial 0 -> intermediate serial 1 -> leaf serial 2). Used by the simulator; a client
 * trusts it by configuring {@link #rootPublicKeyHex()} in its {@link NoiseCertificateVerifier}.
 */
public final class NoiseCertificateAuthority {

    public static final int INTERMEDIATE_SERIAL = 1;
    public static final int LEAF_SERIAL = 2;

    private final X25519KeyPair root;
    private final X25519KeyPair intermediate;

    public NoiseCertificateAuthority(X25519KeyPair root, X25519KeyPair intermediate) {
        this.root = root;
        this.intermediate = intermediate;
    }

    /** A new authority with fresh random root and intermediate keys. */
    public static NoiseCertificateAuthority generate() {
        return new NoiseCertificateAuthority(X25519.generateKeyPair(), X25519.generateKeyPair());
    }

    public byte[] rootPublicKey() {
        return root.publicKey().clone();
    }

    public String rootPublicKeyHex() {
        return HexFormat.of().formatHex(root.publicKey());
    }

    public byte[] intermediatePublicKey() {
        return intermediate.publicKey().clone();
    }

    /** A chain for {@code serverStaticKey} valid from an hour ago (clock skew) for {@code validity}. */
    public CertChain issue(byte[] serverStaticKey, Instant now, Duration validity) {
        return issue(serverStaticKey, now.minus(Duration.ofHours(1)), now.plus(validity));
    }

    public CertChain issue(byte[] serverStaticKey, Instant notBefore, Instant notAfter) {
        NoiseCertificate.Details intermediateDetails = details(INTERMEDIATE_SERIAL, NoiseCertificateVerifier.ROOT_SERIAL,
                intermediate.publicKey(), notBefore, notAfter);
        NoiseCertificate.Details leafDetails = details(LEAF_SERIAL, INTERMEDIATE_SERIAL, serverStaticKey, notBefore, notAfter);
        return CertChain.newBuilder()
                .setIntermediate(sign(intermediateDetails, root))
                .setLeaf(sign(leafDetails, intermediate))
                .build();
    }

    private static NoiseCertificate.Details details(int serial, int issuerSerial, byte[] key, Instant notBefore, Instant notAfter) {
        return NoiseCertificate.Details.newBuilder()
                .setSerial(serial)
                .setIssuerSerial(issuerSerial)
                .setKey(ByteString.copyFrom(key))
                .setNotBefore(notBefore.getEpochSecond())
                .setNotAfter(notAfter.getEpochSecond())
                .build();
    }

    /** Signs details with any key; public so tests and tools can build deliberately broken chains. */
    public static NoiseCertificate sign(NoiseCertificate.Details details, X25519KeyPair issuer) {
        byte[] bytes = details.toByteArray();
        return NoiseCertificate.newBuilder()
                .setDetails(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(XEdDsa.sign(issuer.privateKey(), bytes)))
                .build();
    }
}
