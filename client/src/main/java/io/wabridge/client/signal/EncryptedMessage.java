package io.wabridge.client.signal;

import java.util.Objects;

/** A Signal ciphertext and its type, as it goes into {@code <enc type=.. v="2">}. The array is not copied. */
public record EncryptedMessage(CiphertextType type, byte[] ciphertext) {

    public EncryptedMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }
}
