package io.wabridge.client.noise;

import static io.wabridge.client.noise.CertificateChainException.Reason.EXPIRED;
import static io.wabridge.client.noise.CertificateChainException.Reason.INTERMEDIATE_ISSUER_MISMATCH;
import static io.wabridge.client.noise.CertificateChainException.Reason.INTERMEDIATE_SIGNATURE_INVALID;
import static io.wabridge.client.noise.CertificateChainException.Reason.LEAF_ISSUER_MISMATCH;
import static io.wabridge.client.noise.CertificateChainException.Reason.LEAF_KEY_MISMATCH;
import static io.wabridge.client.noise.CertificateChainException.Reason.LEAF_SIGNATURE_INVALID;
import static io.wabridge.client.noise.CertificateChainException.Reason.MALFORMED;
import static io.wabridge.client.noise.CertificateChainException.Reason.NOT_YET_VALID;

import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.proto.wa.CertChain;
import io.wabridge.proto.wa.CertChain.NoiseCertificate;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Checks the server's Noise certificate chain: root -> intermediate -> leaf, each link an XEdDSA
 * signature over the serialized details, serial links (intermediate.issuerSerial = root serial 0,
 * leaf.issuerSerial = intermediate.serial), both validity windows against the injected clock, and
 * leaf.key = the static key the server proved in the handshake. Immutable and shareable.
 */
public final class NoiseCertificateVerifier {

    /** WhatsApp's production root key (serial 0). */
    public static final String WHATSAPP_ROOT_PUBLIC_KEY_HEX =
            "142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b";
    public static final int ROOT_SERIAL = 0;

    private final byte[] rootPublicKey;
    private final Clock clock;

    public NoiseCertificateVerifier(byte[] rootPublicKey, Clock clock) {
        this.rootPublicKey = XEdDsa.stripTypePrefix(rootPublicKey).clone();
        this.clock = clock;
    }

    /** Trusts WhatsApp's production root, with the system clock. */
    public static NoiseCertificateVerifier whatsapp() {
        return new NoiseCertificateVerifier(HexFormat.of().parseHex(WHATSAPP_ROOT_PUBLIC_KEY_HEX), Clock.systemUTC());
    }

    /** Trusts the given root (hex, raw 32 bytes or 0x05-prefixed), with the system clock. */
    public static NoiseCertificateVerifier trusting(String rootPublicKeyHex) {
        return new NoiseCertificateVerifier(HexFormat.of().parseHex(rootPublicKeyHex), Clock.systemUTC());
    }

    public byte[] rootPublicKey() {
        return rootPublicKey.clone();
    }

    /**
     * Verifies a serialized {@link CertChain} for the given server static key.
     *
     * @return the leaf's details
     * @throws CertificateChainException with the reason of the first failed check
     */
    public NoiseCertificate.Details verify(byte[] certChain, byte[] serverStaticKey) {
        CertChain chain;
        try {
            chain = CertChain.parseFrom(certChain);
        } catch (InvalidProtocolBufferException e) {
            throw new CertificateChainException(MALFORMED, "certificate chain does not parse", e);
        }
        if (!chain.hasIntermediate() || !chain.hasLeaf()) {
            throw new CertificateChainException(MALFORMED, "chain lacks the intermediate or the leaf");
        }
        NoiseCertificate intermediate = chain.getIntermediate();
        NoiseCertificate leaf = chain.getLeaf();

        // Signatures are checked over the raw details bytes before those bytes are trusted enough to parse.
        if (!signedBy(intermediate, rootPublicKey)) {
            throw new CertificateChainException(INTERMEDIATE_SIGNATURE_INVALID, "intermediate is not signed by the trusted root");
        }
        NoiseCertificate.Details intermediateDetails = details(intermediate, "intermediate");
        if (intermediateDetails.getIssuerSerial() != ROOT_SERIAL) {
            throw new CertificateChainException(INTERMEDIATE_ISSUER_MISMATCH,
                    "intermediate issuer serial " + intermediateDetails.getIssuerSerial() + ", root is " + ROOT_SERIAL);
        }
        byte[] intermediateKey = key(intermediateDetails, "intermediate");
        if (!signedBy(leaf, intermediateKey)) {
            throw new CertificateChainException(LEAF_SIGNATURE_INVALID, "leaf is not signed by the intermediate");
        }
        NoiseCertificate.Details leafDetails = details(leaf, "leaf");
        if (leafDetails.getIssuerSerial() != intermediateDetails.getSerial()) {
            throw new CertificateChainException(LEAF_ISSUER_MISMATCH, "leaf issuer serial " + leafDetails.getIssuerSerial()
                    + ", intermediate serial " + intermediateDetails.getSerial());
        }
        byte[] leafKey = key(leafDetails, "leaf");
        if (serverStaticKey == null || !MessageDigest.isEqual(leafKey, serverStaticKey)) {
            throw new CertificateChainException(LEAF_KEY_MISMATCH, "leaf key differs from the server's static key");
        }
        long now = clock.instant().getEpochSecond();
        checkValidity(intermediateDetails, now, "intermediate");
        checkValidity(leafDetails, now, "leaf");
        return leafDetails;
    }

    private static boolean signedBy(NoiseCertificate cert, byte[] issuerKey) {
        return cert.hasDetails() && cert.hasSignature()
                && XEdDsa.verify(issuerKey, cert.getDetails().toByteArray(), cert.getSignature().toByteArray());
    }

    private static NoiseCertificate.Details details(NoiseCertificate cert, String which) {
        try {
            return NoiseCertificate.Details.parseFrom(cert.getDetails());
        } catch (InvalidProtocolBufferException e) {
            throw new CertificateChainException(MALFORMED, which + " details do not parse", e);
        }
    }

    private static byte[] key(NoiseCertificate.Details details, String which) {
        byte[] key = details.getKey().toByteArray();
        if (key.length != X25519.KEY_LENGTH) {
            throw new CertificateChainException(MALFORMED, which + " key is " + key.length + " bytes, expected 32");
        }
        return key;
    }

    /** An absent bound is open; WhatsApp's certificates carry both. Times are Unix seconds. */
    private static void checkValidity(NoiseCertificate.Details details, long now, String which) {
        if (details.hasNotBefore() && now < details.getNotBefore()) {
            throw new CertificateChainException(NOT_YET_VALID, which + " valid from " + details.getNotBefore() + ", now " + now);
        }
        if (details.hasNotAfter() && now > details.getNotAfter()) {
            throw new CertificateChainException(EXPIRED, which + " expired at " + details.getNotAfter() + ", now " + now);
        }
    }
}
