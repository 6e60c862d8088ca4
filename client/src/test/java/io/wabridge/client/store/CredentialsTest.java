package io.wabridge.client.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static byte[] filled(int value, int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static Credentials.Builder unpaired() {
        return Credentials.builder()
                .noiseKey(new KeyPair(filled(1, 32), filled(2, 32)))
                .identityKey(new KeyPair(filled(3, 32), filled(4, 32)))
                .registrationId(77)
                .signedPreKey(new SignedPreKey(1, new KeyPair(filled(5, 32), filled(6, 32)), filled(7, 64)))
                .advSecret(filled(8, 32));
    }

    @Test
    void registeredCredentialsNeedThePairingResults() {
        assertThrows(IllegalArgumentException.class, () -> unpaired().registered(true).build());
        assertThrows(IllegalArgumentException.class, () -> unpaired().registered(true).me("1:2@s.whatsapp.net").build());
        Credentials ok = unpaired().registered(true).me("1:2@s.whatsapp.net").account(filled(9, 10)).build();
        assertEquals("1:2@s.whatsapp.net", ok.me());
    }

    @Test
    void badFieldsGetSpecificExceptions() {
        assertThrows(IllegalArgumentException.class, () -> new KeyPair(filled(1, 33), filled(2, 32)));
        assertThrows(IllegalArgumentException.class, () -> new SignedPreKey(1, new KeyPair(filled(1, 32), filled(2, 32)), filled(3, 63)));
        assertThrows(IllegalArgumentException.class, () -> unpaired().advSecret(filled(1, 31)).build());
        assertThrows(IllegalArgumentException.class, () -> unpaired().registrationId(0x4000).build());
        assertThrows(IllegalArgumentException.class, () -> unpaired().nextPreKeyId(5).firstUnuploadedPreKeyId(6).build());
        assertThrows(NullPointerException.class, () -> unpaired().noiseKey(null).build());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        byte[] secret = filled(8, 32);
        Credentials creds = unpaired().advSecret(secret).build();
        secret[0] = 42;
        creds.advSecret()[1] = 42;
        assertArrayEquals(filled(8, 32), creds.advSecret());
        byte[] priv = creds.identityKey().privateKey();
        priv[0] = 42;
        assertArrayEquals(filled(4, 32), creds.identityKey().privateKey());
    }

    @Test
    void equalityIsByContentAndToBuilderRoundTrips() {
        Credentials creds = unpaired().pushName("x").routingInfo(filled(1, 5)).build();
        assertEquals(creds, creds.toBuilder().build());
        assertEquals(creds.hashCode(), creds.toBuilder().build().hashCode());
        assertNotEquals(creds, creds.toBuilder().routingInfo(filled(2, 5)).build());
    }

    @Test
    void toStringLeaksNoSecret() {
        Credentials creds = unpaired().build();
        String text = creds.toString() + creds.noiseKey() + creds.signedPreKey();
        for (int secretByte : new int[] {2, 4, 6, 8}) {
            assertFalse(text.contains(HexFormat.of().formatHex(filled(secretByte, 4))), text);
        }
    }
}
