package io.wabridge.client.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Optional;
import javax.crypto.KeyAgreement;

/**
 * X25519 on the JDK's XDH provider, with raw 32-byte keys. The JDK agreement accepts any
 * {@link XECPrivateKey}/{@link XECPublicKey}, so raw bytes are wrapped in two tiny adapters instead of
 * going through a KeyFactory per call, and one KeyAgreement is kept per thread.
 */
public final class X25519 {

    public static final int KEY_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] BASE_POINT = new byte[KEY_LENGTH];
    private static final ThreadLocal<KeyAgreement> AGREEMENT = ThreadLocal.withInitial(X25519::newAgreement);

    static {
        BASE_POINT[0] = 9;
    }

    private X25519() {
    }

    public static X25519KeyPair generateKeyPair() {
        byte[] privateKey = new byte[KEY_LENGTH];
        RANDOM.nextBytes(privateKey);
        clamp(privateKey);
        return new X25519KeyPair(privateKey, publicKey(privateKey));
    }

    /** The public key of a private scalar: X25519(k, 9). */
    public static byte[] publicKey(byte[] privateKey) {
        return agree(privateKey, BASE_POINT);
    }

    /**
     * The shared secret X25519(privateKey, publicKey).
     *
     * @throws IllegalArgumentException if a key is not 32 bytes or the result is all zero (low-order point)
     */
    public static byte[] agree(byte[] privateKey, byte[] publicKey) {
        checkLength(privateKey, "private");
        checkLength(publicKey, "public");
        KeyAgreement agreement = AGREEMENT.get();
        try {
            agreement.init(new RawPrivateKey(privateKey));
            agreement.doPhase(new RawPublicKey(publicKey), true);
            return agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("X25519 agreement rejected the key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 agreement failed", e);
        }
    }

    /** A raw public key as a JDK key (usable with any XDH KeyAgreement), without a KeyFactory. */
    public static XECPublicKey toJdkPublicKey(byte[] rawPublicKey) {
        checkLength(rawPublicKey, "public");
        return new RawPublicKey(rawPublicKey.clone());
    }

    /** A raw private key as a JDK key, without a KeyFactory. */
    public static XECPrivateKey toJdkPrivateKey(byte[] rawPrivateKey) {
        checkLength(rawPrivateKey, "private");
        return new RawPrivateKey(rawPrivateKey.clone());
    }

    /** The raw 32-byte little-endian u-coordinate of any JDK X25519 public key. */
    public static byte[] rawPublicKey(XECPublicKey key) {
        byte[] be = key.getU().toByteArray();
        byte[] raw = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH && i < be.length; i++) {
            raw[i] = be[be.length - 1 - i];
        }
        return raw;
    }

    /** The raw 32-byte scalar of a JDK X25519 private key (fails for keys that hide their scalar). */
    public static byte[] rawPrivateKey(XECPrivateKey key) {
        return key.getScalar().orElseThrow(() -> new IllegalArgumentException("private key does not expose its scalar"));
    }

    /** RFC 7748 scalar clamping; the JDK clamps too, this keeps stored keys canonical (libsignal does the same). */
    static void clamp(byte[] scalar) {
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
    }

    private static void checkLength(byte[] key, String what) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 " + what + " key must be 32 bytes");
        }
    }

    private static KeyAgreement newAgreement() {
        try {
            return KeyAgreement.getInstance("X25519");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    /** Little-endian u-coordinate with the top bit masked (RFC 7748 §5). */
    private static BigInteger decodeU(byte[] raw) {
        byte[] be = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            be[i] = raw[KEY_LENGTH - 1 - i];
        }
        be[0] &= 0x7f;
        return new BigInteger(1, be);
    }

    private record RawPrivateKey(byte[] scalar) implements XECPrivateKey {
        @Override
        public Optional<byte[]> getScalar() {
            return Optional.of(scalar.clone());
        }

        @Override
        public AlgorithmParameterSpec getParams() {
            return NamedParameterSpec.X25519;
        }

        @Override
        public String getAlgorithm() {
            return "XDH";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    private record RawPublicKey(byte[] raw) implements XECPublicKey {
        @Override
        public BigInteger getU() {
            return decodeU(raw);
        }

        @Override
        public AlgorithmParameterSpec getParams() {
            return NamedParameterSpec.X25519;
        }

        @Override
        public String getAlgorithm() {
            return "XDH";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }
}
