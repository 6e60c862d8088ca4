package io.wabridge.client.noise;

import static io.wabridge.client.noise.CertificateChainException.Reason.EXPIRED;
import static io.wabridge.client.noise.CertificateChainException.Reason.INTERMEDIATE_ISSUER_MISMATCH;
import static io.wabridge.client.noise.CertificateChainException.Reason.INTERMEDIATE_SIGNATURE_INVALID;
import static io.wabridge.client.noise.CertificateChainException.Reason.LEAF_ISSUER_MISMATCH;
import static io.wabridge.client.noise.CertificateChainException.Reason.LEAF_KEY_MISMATCH;
import static io.wabridge.client.noise.CertificateChainException.Reason.LEAF_SIGNATURE_INVALID;
import static io.wabridge.client.noise.CertificateChainException.Reason.MALFORMED;
import static io.wabridge.client.noise.CertificateChainException.Reason.NOT_YET_VALID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.proto.wa.CertChain;
import io.wabridge.proto.wa.CertChain.NoiseCertificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NoiseCertificateTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final X25519KeyPair root = X25519.generateKeyPair();
    private final X25519KeyPair intermediate = X25519.generateKeyPair();
    private final NoiseCertificateAuthority ca = new NoiseCertificateAuthority(root, intermediate);
    private final byte[] serverStatic = X25519.generateKeyPair().publicKey();
    private final CertChain chain = ca.issue(serverStatic, NOW, Duration.ofDays(7));

    private NoiseCertificateVerifier verifierAt(Instant when) {
        return new NoiseCertificateVerifier(ca.rootPublicKey(), Clock.fixed(when, ZoneOffset.UTC));
    }

    private CertificateChainException.Reason rejection(CertChain chain, byte[] staticKey, Instant when) {
        return assertThrows(CertificateChainException.class,
                () -> verifierAt(when).verify(chain.toByteArray(), staticKey)).reason();
    }

    @Test
    void authorityMintsTheWhatsAppShapedChain() throws Exception {
        NoiseCertificate.Details leaf = verifierAt(NOW).verify(chain.toByteArray(), serverStatic);
        NoiseCertificate.Details inter = NoiseCertificate.Details.parseFrom(chain.getIntermediate().getDetails());
        assertEquals(1, inter.getSerial());
        assertEquals(0, inter.getIssuerSerial());
        assertArrayEquals(intermediate.publicKey(), inter.getKey().toByteArray());
        assertEquals(2, leaf.getSerial());
        assertEquals(1, leaf.getIssuerSerial());
        assertArrayEquals(serverStatic, leaf.getKey().toByteArray());
        assertEquals(HexFormat.of().formatHex(root.publicKey()), ca.rootPublicKeyHex());
    }

    @Test
    void defaultTrustAnchorIsWhatsAppsRoot() {
        assertArrayEquals(HexFormat.of().parseHex("142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b"),
                NoiseCertificateVerifier.whatsapp().rootPublicKey());
        // Our own CA's chain is therefore not trusted by default.
        assertEquals(INTERMEDIATE_SIGNATURE_INVALID, assertThrows(CertificateChainException.class,
                () -> NoiseCertificateVerifier.whatsapp().verify(chain.toByteArray(), serverStatic)).reason());
    }

    @Test
    void wrongRootKey() {
        NoiseCertificateVerifier other = new NoiseCertificateVerifier(X25519.generateKeyPair().publicKey(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(INTERMEDIATE_SIGNATURE_INVALID,
                assertThrows(CertificateChainException.class, () -> other.verify(chain.toByteArray(), serverStatic)).reason());
    }

    @Test
    void tamperedIntermediate() {
        byte[] details = chain.getIntermediate().getDetails().toByteArray();
        details[details.length - 1] ^= 1;
        CertChain tampered = chain.toBuilder()
                .setIntermediate(chain.getIntermediate().toBuilder().setDetails(ByteString.copyFrom(details))).build();
        assertEquals(INTERMEDIATE_SIGNATURE_INVALID, rejection(tampered, serverStatic, NOW));
    }

    @Test
    void tamperedLeaf() {
        byte[] signature = chain.getLeaf().getSignature().toByteArray();
        signature[3] ^= 1;
        CertChain tampered = chain.toBuilder()
                .setLeaf(chain.getLeaf().toBuilder().setSignature(ByteString.copyFrom(signature))).build();
        assertEquals(LEAF_SIGNATURE_INVALID, rejection(tampered, serverStatic, NOW));
    }

    @Test
    void leafSignedByTheRootInsteadOfTheIntermediate() throws Exception {
        NoiseCertificate.Details leaf = NoiseCertificate.Details.parseFrom(chain.getLeaf().getDetails());
        CertChain wrongIssuer = chain.toBuilder().setLeaf(NoiseCertificateAuthority.sign(leaf, root)).build();
        assertEquals(LEAF_SIGNATURE_INVALID, rejection(wrongIssuer, serverStatic, NOW));
    }

    @Test
    void leafKeyMismatch() {
        assertEquals(LEAF_KEY_MISMATCH, rejection(chain, X25519.generateKeyPair().publicKey(), NOW));
    }

    @Test
    void expiredAndNotYetValid() {
        assertEquals(EXPIRED, rejection(chain, serverStatic, NOW.plus(Duration.ofDays(8))));
        assertEquals(NOT_YET_VALID, rejection(chain, serverStatic, NOW.minus(Duration.ofHours(2))));
    }

    @Test
    void brokenSerialLinks() throws Exception {
        NoiseCertificate.Details inter = NoiseCertificate.Details.parseFrom(chain.getIntermediate().getDetails());
        CertChain badIntermediateIssuer = chain.toBuilder()
                .setIntermediate(NoiseCertificateAuthority.sign(inter.toBuilder().setIssuerSerial(5).build(), root)).build();
        assertEquals(INTERMEDIATE_ISSUER_MISMATCH, rejection(badIntermediateIssuer, serverStatic, NOW));

        NoiseCertificate.Details leaf = NoiseCertificate.Details.parseFrom(chain.getLeaf().getDetails());
        CertChain badLeafIssuer = chain.toBuilder()
                .setLeaf(NoiseCertificateAuthority.sign(leaf.toBuilder().setIssuerSerial(0).build(), intermediate)).build();
        assertEquals(LEAF_ISSUER_MISMATCH, rejection(badLeafIssuer, serverStatic, NOW));
    }

    @Test
    void malformedChains() {
        assertEquals(MALFORMED, assertThrows(CertificateChainException.class,
                () -> verifierAt(NOW).verify(new byte[] {(byte) 0xff, 0x01}, serverStatic)).reason());
        assertEquals(MALFORMED, rejection(chain.toBuilder().clearLeaf().build(), serverStatic, NOW));
        NoiseCertificate.Details shortKey = NoiseCertificate.Details.newBuilder()
                .setSerial(1).setIssuerSerial(0).setKey(ByteString.copyFrom(new byte[5])).build();
        CertChain badKey = chain.toBuilder().setIntermediate(NoiseCertificateAuthority.sign(shortKey, root)).build();
        assertEquals(MALFORMED, rejection(badKey, serverStatic, NOW));
    }

    @Test
    void handshakeSurfacesTheCertificateReason() {
        byte[] prologue = {'W', 'A', 6, 3};
        X25519KeyPair serverKey = X25519.generateKeyPair();
        // The chain certifies some other key than the one the server proves.
        byte[] foreignChain = ca.issue(X25519.generateKeyPair().publicKey(), NOW, Duration.ofDays(1)).toByteArray();
        NoiseXXInitiator client = new NoiseXXInitiator(X25519.generateKeyPair(), prologue, verifierAt(NOW));
        NoiseXXResponder server = new NoiseXXResponder(serverKey, foreignChain, prologue);
        byte[] hello = server.readClientHello(client.writeClientHello());
        assertEquals(LEAF_KEY_MISMATCH, assertThrows(CertificateChainException.class, () -> client.readServerHello(hello)).reason());
    }
}
