package io.wabridge.client.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wabridge.client.crypto.AesGcm;
import org.junit.jupiter.api.Test;

class NoiseCipherTest {

    private final byte[] key = new byte[32];

    {
        key[0] = 42;
    }

    @Test
    void framesUseCounterIvsWithEmptyAad() throws Exception {
        NoiseCipher sender = NoiseCipher.encryptor(key);
        for (int counter = 0; counter < 3; counter++) {
            byte[] plaintext = {(byte) counter, 1, 2};
            assertArrayEquals(AesGcm.encrypt(key, counter, null, plaintext), sender.encrypt(plaintext));
        }
        assertEquals(3, sender.counter());
    }

    @Test
    void encryptsInPlaceAtAnOffset() {
        NoiseCipher sender = NoiseCipher.encryptor(key);
        byte[] out = new byte[3 + NoiseCipher.encryptedLength(4)];
        assertEquals(20, sender.encrypt(new byte[] {9, 9, 9, 9, 7}, 0, 4, out, 3));
        assertArrayEquals(new byte[] {9, 9, 9, 9}, NoiseCipher.decryptor(key).decrypt(out, 3, 20));
    }

    @Test
    void outOfOrderOrTamperedFrameIsABadTagAndDoesNotAdvance() {
        NoiseCipher sender = NoiseCipher.encryptor(key);
        NoiseCipher receiver = NoiseCipher.decryptor(key);
        byte[] first = sender.encrypt(new byte[] {1});
        byte[] second = sender.encrypt(new byte[] {2});
        assertThrows(NoiseDecryptException.class, () -> receiver.decrypt(second));
        assertEquals(0, receiver.counter());
        byte[] tampered = first.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(NoiseDecryptException.class, () -> receiver.decrypt(tampered));
        assertThrows(NoiseDecryptException.class, () -> receiver.decrypt(new byte[3]));
        assertArrayEquals(new byte[] {1}, receiver.decrypt(first));
        assertArrayEquals(new byte[] {2}, receiver.decrypt(second));
    }

    @Test
    void directionIsFixed() {
        assertThrows(IllegalStateException.class, () -> NoiseCipher.decryptor(key).encrypt(new byte[1]));
        assertThrows(IllegalStateException.class, () -> NoiseCipher.encryptor(key).decrypt(new byte[20]));
    }
}
