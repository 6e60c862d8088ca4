package io.wabridge.client.appstate;

import io.wabridge.client.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The five keys one app-state sync key expands to: HKDF-SHA256(keyData, no salt, "WhatsApp Mutation Keys", 160)
 * split in 32-byte parts (whatsmeow appstate/keys.go).
 */
public record MutationKeys(byte[] indexKey, byte[] valueEncryptionKey, byte[] valueMacKey, byte[] snapshotMacKey,
                           byte[] patchMacKey) {

    private static final byte[] INFO = "WhatsApp Mutation Keys".getBytes(StandardCharsets.US_ASCII);

    public static MutationKeys derive(byte[] keyData) {
        byte[] okm = Hkdf.derive(null, keyData, INFO, 160);
        return new MutationKeys(Arrays.copyOfRange(okm, 0, 32), Arrays.copyOfRange(okm, 32, 64),
                Arrays.copyOfRange(okm, 64, 96), Arrays.copyOfRange(okm, 96, 128), Arrays.copyOfRange(okm, 128, 160));
    }

    @Override
    public String toString() {
        return "MutationKeys[…]";
    }
}
