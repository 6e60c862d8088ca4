package io.wabridge.client.store.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AeadTest {

    private static final SecretKey KEY = new SecretKeySpec(new byte[32], "AES");
    private static final SecretKey OTHER = new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
            15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}, "AES");

    /** Virtual threads share spare ciphers: one left after a failed tag check or an encryption still works alike. */
    @Test
    void sparesReusedByVirtualThreadsSealAndOpenAfterAFailedTagCheck() throws Exception {
        byte[] aad = "record".getBytes(StandardCharsets.US_ASCII);
        try (var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                byte[] plain = ("message " + i).getBytes(StandardCharsets.US_ASCII);
                byte[] nonce = Aead.randomBytes(12);
                byte[] sealed = virtual.submit(() -> {
                    byte[] out = new byte[plain.length + 16];
                    Aead.seal(KEY, nonce, aad, plain, 0, plain.length, out, 0);
                    return out;
                }).get();
                assertNull(virtual.submit(() -> Aead.open(OTHER, nonce, aad, sealed, 0, sealed.length)).get(),
                        "the wrong key fails the tag check");
                assertArrayEquals(plain, virtual.submit(() -> Aead.open(KEY, nonce, aad, sealed, 0, sealed.length)).get());
                assertArrayEquals(plain, Aead.open(KEY, nonce, aad, sealed, 0, sealed.length), "a platform thread agrees");
            }
        }
    }
}
