package io.wabridge.simulator.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PairingQrTest {
    private static final byte[] NOISE = filled(1);
    private static final byte[] IDENTITY = filled(2);
    /** 0xFB bytes give '+' and '/' in standard base64, '-' and '_' in url-safe. */
    private static final byte[] ADV = filled(0xFB);

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) value);
        key[31] = 7;
        return key;
    }

    private static String b64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void bareFormWithoutPlatform() {
        PairingQr qr = PairingQr.parse("2@abc," + b64(NOISE) + "," + b64(IDENTITY) + "," + b64(ADV));
        assertEquals("2@abc", qr.ref());
        assertArrayEquals(NOISE, qr.noiseKey());
        assertArrayEquals(IDENTITY, qr.identityKey());
        assertArrayEquals(ADV, qr.advSecret());
        assertNull(qr.platform());
    }

    @Test
    void linkFormWithPlatformAndUrlSafeUnpaddedBase64() {
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(ADV);
        assertTrue(urlSafe.contains("-") || urlSafe.contains("_"), "the vector exercises the url-safe alphabet");
        PairingQr qr = PairingQr.parse("  https://wa.me/settings/linked_devices#2@ref," + b64(NOISE) + ","
                + b64(IDENTITY) + "," + urlSafe + ",1\n");
        assertEquals("2@ref", qr.ref());
        assertArrayEquals(ADV, qr.advSecret());
        assertEquals("1", qr.platform());
    }

    @Test
    void formatRoundTrips() {
        PairingQr qr = new PairingQr("2@x", NOISE, IDENTITY, ADV, "c");
        PairingQr again = PairingQr.parse(qr.format());
        assertEquals(qr.ref(), again.ref());
        assertArrayEquals(qr.advSecret(), again.advSecret());
        assertEquals("c", again.platform());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyTextIsRefused(String text) {
        assertEquals("QR code is empty", assertThrows(InvalidQrException.class, () -> PairingQr.parse(text)).getMessage());
        assertThrows(InvalidQrException.class, () -> PairingQr.parse(null));
    }

    @Test
    void wrongFieldCountsAreRefused() {
        assertTrue(message("2@a," + b64(NOISE) + "," + b64(IDENTITY)).contains("3 comma-separated fields"));
        assertTrue(message("2@a," + b64(NOISE) + "," + b64(IDENTITY) + "," + b64(ADV) + ",1,extra")
                .contains("6 comma-separated fields"));
    }

    @Test
    void emptyRefIsRefused() {
        assertEquals("QR code has an empty ref", message("," + b64(NOISE) + "," + b64(IDENTITY) + "," + b64(ADV)));
    }

    @Test
    void malformedBase64NamesTheField() {
        assertTrue(message("2@a,***," + b64(IDENTITY) + "," + b64(ADV)).startsWith("QR noise key is not base64"));
        assertTrue(message("2@a," + b64(NOISE) + ",A," + b64(ADV)).startsWith("QR identity key is not base64"));
        assertTrue(message("2@a," + b64(NOISE) + "," + b64(IDENTITY) + ",").contains("empty adv secret"));
    }

    @Test
    void keysMustBe32Bytes() {
        assertEquals("QR identity key must be 32 bytes, got 3",
                message("2@a," + b64(NOISE) + ",AAAA," + b64(ADV)));
    }

    @Test
    void otherLinksAreRefused() {
        assertTrue(message("https://example.com/#2@a," + b64(NOISE) + "," + b64(IDENTITY) + "," + b64(ADV))
                .contains("not a linked-devices link"));
    }

    private static String message(String qr) {
        return assertThrows(InvalidQrException.class, () -> PairingQr.parse(qr)).getMessage();
    }
}
