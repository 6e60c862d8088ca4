package io.wabridge.client.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.KeyPair;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIdGeneratorTest {

    private static final Jid ME = Jid.parse("15550001111:3@s.whatsapp.net");
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    private static KeyPair identity(int firstByte) {
        byte[] priv = new byte[32];
        byte[] pub = new byte[32];
        for (int i = 0; i < 32; i++) {
            priv[i] = (byte) (firstByte + i);
            pub[i] = (byte) (100 + i);
        }
        return new KeyPair(pub, priv);
    }

    @Test
    void idempotencyKeysGiveAFixedIdPerAccount() {
        MessageIdGenerator ids = MessageIdGenerator.create(ME, identity(0), CLOCK);
        // Known answer computed independently: HMAC(HKDF(identity private, info), "order-42")[:9].
        assertEquals("3EB0A4AAB9F75821BBB543", ids.forIdempotencyKey("order-42"));
        MessageIdGenerator afterRestart = MessageIdGenerator.create(ME, identity(0), Clock.systemUTC());
        assertEquals(ids.forIdempotencyKey("order-42"), afterRestart.forIdempotencyKey("order-42"));
        assertNotEquals(ids.forIdempotencyKey("order-42"), ids.forIdempotencyKey("order-43"));
        MessageIdGenerator otherAccount = MessageIdGenerator.create(ME, identity(1), CLOCK);
        assertNotEquals(ids.forIdempotencyKey("order-42"), otherAccount.forIdempotencyKey("order-42"));
        assertThrows(IllegalArgumentException.class, () -> ids.forIdempotencyKey(""));
    }

    @Test
    void theKeyedMacIsSharedSafelyAcrossThreads() throws Exception {
        MessageIdGenerator ids = MessageIdGenerator.create(ME, identity(0), CLOCK);
        int threads = 4;
        int keys = 2_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<java.util.List<String>>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    java.util.List<String> out = new java.util.ArrayList<>(keys);
                    for (int i = 0; i < keys; i++) {
                        out.add(ids.forIdempotencyKey("key-" + i));
                    }
                    return out;
                }));
            }
            MessageIdGenerator fresh = MessageIdGenerator.create(ME, identity(0), CLOCK);
            for (var run : runs) {
                java.util.List<String> got = run.get(2, java.util.concurrent.TimeUnit.MINUTES);
                for (int i = 0; i < keys; i++) {
                    assertEquals(fresh.forIdempotencyKey("key-" + i), got.get(i), "key-" + i);
                }
            }
            assertEquals("3EB0A4AAB9F75821BBB543", ids.forIdempotencyKey("order-42"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void distinctKeysGiveDistinctWellFormedIds() {
        MessageIdGenerator ids = MessageIdGenerator.create(ME, identity(0), CLOCK);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.forIdempotencyKey("key-" + i);
            assertTrue(MessageIdGenerator.isWebFormat(id), id);
            assertTrue(seen.add(id));
        }
    }

    @Test
    void randomIdsFollowWhatsAppWebsConstruction() {
        byte[] user = "15550001111@c.us".getBytes(StandardCharsets.UTF_8);
        // sha256(be64(1700000000) || "15550001111@c.us" || 16 zero bytes)[:9], computed independently.
        assertEquals("3EB0D1C71FECF1D462F05C", MessageIdGenerator.webId(1_700_000_000L, user, new byte[16]));

        MessageIdGenerator ids = MessageIdGenerator.create(ME, identity(0), CLOCK);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = ids.next();
            assertEquals(22, id.length());
            assertTrue(MessageIdGenerator.isWebFormat(id), id);
            assertTrue(seen.add(id));
        }
        assertTrue(MessageIdGenerator.isWebFormat(MessageIdGenerator.create(null, identity(0), CLOCK).next()));
    }

    @Test
    void webFormatCheck() {
        assertTrue(MessageIdGenerator.isWebFormat("3EB0A4AAB9F75821BBB543"));
        assertFalse(MessageIdGenerator.isWebFormat("3EB0a4aab9f75821bbb543"));
        assertFalse(MessageIdGenerator.isWebFormat("3EB0A4AAB9F75821BBB5"));
        assertFalse(MessageIdGenerator.isWebFormat("ABCDA4AAB9F75821BBB543"));
        assertFalse(MessageIdGenerator.isWebFormat(null));
    }
}
