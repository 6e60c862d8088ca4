package io.wabridge.client.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;

class AesGcmTest {

    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void ivIsEightZeroBytesThenBigEndianCounter() {
        assertArrayEquals(HexFormat.of().parseHex("000000000000000000000000"), AesGcm.counterIv(0));
        assertArrayEquals(HexFormat.of().parseHex("000000000000000001020304"), AesGcm.counterIv(0x01020304L));
        assertArrayEquals(HexFormat.of().parseHex("0000000000000000ffffffff"), AesGcm.counterIv(0xFFFF_FFFFL));
        assertThrows(IllegalStateException.class, () -> AesGcm.counterIv(0x1_0000_0000L));
    }

    @Test
    void encryptionMatchesAPlainJdkCipherWithTheCounterIv() throws Exception {
        byte[] plaintext = "hello noise".getBytes();
        byte[] aad = {1, 2, 3};
        Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
        reference.init(Cipher.ENCRYPT_MODE, AesGcm.key(KEY),
                new GCMParameterSpec(128, HexFormat.of().parseHex("000000000000000000000007")));
        reference.updateAAD(aad);
        assertArrayEquals(reference.doFinal(plaintext), AesGcm.encrypt(KEY, 7, aad, plaintext));
    }

    @Test
    void knownAnswerForZeroKeyCounterZero() throws Exception {
        // AES-256-GCM, key 0^32, IV 0^12, empty plaintext and AAD: the tag alone (NIST GCM test case 13).
        assertArrayEquals(HexFormat.of().parseHex("530f8afbc74536b9a963b4f1c4cb738b"), AesGcm.encrypt(new byte[32], 0, null, new byte[0]));
    }

    @Test
    void decryptionFailsWithWrongCounterAadOrTamperedData() throws Exception {
        byte[] aad = {9};
        byte[] ciphertext = AesGcm.encrypt(KEY, 3, aad, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, AesGcm.decrypt(KEY, 3, aad, ciphertext));
        assertThrows(AEADBadTagException.class, () -> AesGcm.decrypt(KEY, 4, aad, ciphertext));
        assertThrows(AEADBadTagException.class, () -> AesGcm.decrypt(KEY, 3, new byte[] {8}, ciphertext));
        byte[] tampered = ciphertext.clone();
        tampered[0] ^= 1;
        assertThrows(AEADBadTagException.class, () -> AesGcm.decrypt(KEY, 3, aad, tampered));
        assertThrows(AEADBadTagException.class, () -> AesGcm.decrypt(KEY, 3, aad, new byte[5]));
    }
}
