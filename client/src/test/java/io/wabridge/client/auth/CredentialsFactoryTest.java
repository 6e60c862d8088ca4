package io.wabridge.client.auth;

import io.wabridge.client.signal.store.PreKeyRecords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.store.Credentials;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialsFactoryTest {

    @Test
    void freshCredentialsAreCompleteUnregisteredAndSigned() {
        Credentials c = CredentialsFactory.create(new SecureRandom(), null);
        assertFalse(c.registered());
        assertEquals(32, c.advSecret().length);
        assertTrue(c.registrationId() >= 1 && c.registrationId() <= 0x3FFF);
        assertEquals(1, c.signedPreKey().id());
        assertTrue(XEdDsa.verify(c.identityKey().publicKey(), XEdDsa.withTypePrefix(c.signedPreKey().keyPair().publicKey()),
                c.signedPreKey().signature()));
        assertEquals(ByteBuffer.wrap(X25519.publicKey(c.identityKey().privateKey())), ByteBuffer.wrap(c.identityKey().publicKey()));
        assertNotEquals(ByteBuffer.wrap(c.noiseKey().publicKey()), ByteBuffer.wrap(c.identityKey().publicKey()));
        assertEquals(1, c.nextPreKeyId());
    }

    @Test
    void registrationIdsAreSpreadOverFourteenBits() {
        SecureRandom random = new SecureRandom();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            int id = CredentialsFactory.registrationId(random);
            assertTrue(id >= 1 && id <= 0x3FFF, "id " + id);
            seen.add(id);
        }
        assertTrue(seen.size() > 1800, "random, not a constant: " + seen.size());
        assertTrue(seen.stream().anyMatch(id -> id > 0x2000), "uses the high bits");
    }

    @Test
    void storedPreKeyRecordsGiveBackTheirKeys() {
        var pair = CredentialsFactory.keyPair(X25519.generateKeyPair());
        assertEquals(ByteBuffer.wrap(pair.publicKey()), ByteBuffer.wrap(PreKeyRecords.preKeyPublic(PreKeyRecords.preKeyRecord(9, pair))));
        PreKeyRecords.GeneratedPreKey generated = PreKeyRecords.generatePreKey(77);
        assertEquals(32, generated.publicKey().length);
        assertEquals(ByteBuffer.wrap(generated.publicKey()), ByteBuffer.wrap(PreKeyRecords.preKeyPublic(generated.record())));
        var signed = CredentialsFactory.signedPreKey(pair, 4);
        assertEquals(1234L, PreKeyRecords.signedPreKeyTimestamp(PreKeyRecords.signedPreKeyRecordBytes(signed, 1234L)));
    }
}
