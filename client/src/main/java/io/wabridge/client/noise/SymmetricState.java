package io.wabridge.client.noise;

import io.wabridge.client.crypto.AesGcm;
import io.wabridge.client.crypto.Hkdf;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * The Noise SymmetricState (Noise spec §5.2) as WhatsApp profiles it: SHA-256, HKDF for MixKey,
 * AES-256-GCM with the handshake hash as AAD. Handshake-only; transport uses {@link NoiseCipher}.
 */
final class SymmetricState {

    private static final byte[] EMPTY = new byte[0];

    private byte[] h;
    private byte[] ck;
    private byte[] k;
    private long n;

    SymmetricState(byte[] protocolName) {
        this.h = protocolName.length == 32 ? protocolName.clone() : sha256(protocolName);
        this.ck = h.clone();
    }

    void mixHash(byte[] data) {
        MessageDigest digest = newSha256();
        digest.update(h);
        digest.update(data);
        h = digest.digest();
    }

    /** HKDF(salt = ck, ikm = input) -> (ck, k); the nonce restarts at 0. */
    void mixKey(byte[] inputKeyMaterial) {
        byte[] okm = Hkdf.derive(ck, inputKeyMaterial, EMPTY, 64);
        ck = Arrays.copyOfRange(okm, 0, 32);
        k = Arrays.copyOfRange(okm, 32, 64);
        n = 0;
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] out = k == null ? plaintext.clone() : AesGcm.encrypt(k, n++, h, plaintext);
        mixHash(out);
        return out;
    }

    byte[] decryptAndHash(byte[] ciphertext, String what) {
        byte[] plaintext;
        if (k == null) {
            plaintext = ciphertext.clone();
        } else {
            try {
                plaintext = AesGcm.decrypt(k, n, h, ciphertext);
                n++;
            } catch (AEADBadTagException e) {
                throw new NoiseDecryptException("handshake " + what + " failed authentication", e);
            }
        }
        mixHash(ciphertext);
        return plaintext;
    }

    /** Split(): the initiator->responder key first, the responder->initiator key second. */
    byte[][] split() {
        byte[] okm = Hkdf.derive(ck, EMPTY, EMPTY, 64);
        return new byte[][] {Arrays.copyOfRange(okm, 0, 32), Arrays.copyOfRange(okm, 32, 64)};
    }

    byte[] handshakeHash() {
        return h.clone();
    }

    private static byte[] sha256(byte[] data) {
        return newSha256().digest(data);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
