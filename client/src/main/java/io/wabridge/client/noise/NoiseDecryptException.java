package io.wabridge.client.noise;

/** AES-GCM authentication failed: wrong key, wrong counter, or the ciphertext/tag was altered. */
public final class NoiseDecryptException extends NoiseException {

    public NoiseDecryptException(String message, Throwable cause) {
        super(message, cause);
    }

    public NoiseDecryptException(String message) {
        super(message);
    }
}
