package io.wabridge.client.store.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.AppStateSyncKey;
import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.Versioned;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreEncryptionTest {

    private static final SignalAddress BOB = new SignalAddress("15550002222", 3);
    private static final SignalAddress CAROL = new SignalAddress("15550003333", 0);
    private final Random random = new Random(18);
    private final MemoryStoreProvider memory = new MemoryStoreProvider();
    private final MasterKey k1 = key("k1");
    private final MasterKey k2 = key("k2");

    private MasterKey key(String id) {
        byte[] b = new byte[MasterKey.LENGTH];
        random.nextBytes(b);
        return new MasterKey(id, b);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private EncryptedStoreProvider encrypted(PlaintextPolicy policy, MasterKey... keys) {
        return new EncryptedStoreProvider(memory, new Keyring(List.of(keys)), policy);
    }

    private Credentials credentials() {
        return Credentials.builder()
                .noiseKey(new KeyPair(bytes(32), bytes(32)))
                .identityKey(new KeyPair(bytes(32), bytes(32)))
                .registrationId(1234)
                .signedPreKey(new SignedPreKey(7, new KeyPair(bytes(32), bytes(32)), bytes(64)))
                .advSecret(bytes(32))
                .routingInfo(bytes(9))
                .build();
    }

    /** True if any 16-byte window of {@code secret} occurs in {@code haystack}. */
    private static boolean leaks(byte[] haystack, byte[] secret) {
        int w = Math.min(16, secret.length);
        for (int s = 0; s + w <= secret.length; s++) {
            outer:
            for (int i = 0; i + w <= haystack.length; i++) {
                for (int j = 0; j < w; j++) {
                    if (haystack[i + j] != secret[s + j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static byte[] rawCredentials(Credentials c) {
        return concat(c.noiseKey().privateKey(), c.identityKey().privateKey(), c.signedPreKey().keyPair().privateKey(),
                c.advSecret(), c.routingInfo() == null ? new byte[0] : c.routingInfo());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    @Test
    void everySecretIsSealedAtRestAndReadBackIntact() {
        EncryptedStoreProvider provider = encrypted(PlaintextPolicy.REFUSE, k1);
        AccountStore s = provider.open("s1");
        Credentials c = credentials();
        byte[] session = bytes(700);
        byte[] prekey = bytes(80);
        byte[] signed = bytes(120);
        byte[] senderKey = bytes(300);
        SenderKeyName group = new SenderKeyName("120363000000000001@g.us", BOB);
        AppStateSyncKey appKey = new AppStateSyncKey(bytes(6), bytes(32), bytes(10), 99);
        s.credentials().save(c, CredentialsStore.ABSENT);
        s.signalSessions().storeAll(Map.of(BOB, session));
        s.preKeys().store(5, prekey);
        s.signedPreKeys().store(7, signed);
        s.senderKeys().store(group, senderKey);
        s.appStateKeys().storeAll(List.of(appKey));

        AccountStore raw = memory.open("s1");
        Credentials stored = raw.credentials().load().orElseThrow().value();
        byte[] everythingAtRest = concat(rawCredentials(stored), raw.signalSessions().load(BOB).orElseThrow(),
                raw.preKeys().load(5).orElseThrow(), raw.signedPreKeys().load(7).orElseThrow(),
                raw.senderKeys().load(group).orElseThrow(), raw.appStateKeys().latest().orElseThrow().keyData());
        for (byte[] secret : List.of(c.noiseKey().privateKey(), c.identityKey().privateKey(),
                c.signedPreKey().keyPair().privateKey(), c.advSecret(), session, prekey, signed, senderKey, appKey.keyData())) {
            assertFalse(leaks(everythingAtRest, secret), "a secret is stored in plaintext");
        }
        // what operators read stays readable
        assertArrayEquals(c.identityKey().publicKey(), stored.identityKey().publicKey());
        assertEquals(c.registrationId(), stored.registrationId());

        // a fresh provider (another worker) over the same data reads it all back
        AccountStore again = encrypted(PlaintextPolicy.REFUSE, k1).open("s1", 1);
        assertEquals(c, again.credentials().load().orElseThrow().value());
        assertArrayEquals(session, again.signalSessions().loadAll(List.of(BOB, CAROL)).get(BOB));
        assertArrayEquals(prekey, again.preKeys().load(5).orElseThrow());
        assertArrayEquals(signed, again.signedPreKeys().loadAll().get(7));
        assertArrayEquals(senderKey, again.senderKeys().loadAll(List.of(group)).get(group));
        assertEquals(appKey, again.appStateKeys().load(appKey.keyId()).orElseThrow());
    }

    @Test
    void messageContentIsSealedAtRestInTheArchiveAndTheRetryCacheTheRestStaysReadable() {
        EncryptedStoreProvider provider = encrypted(PlaintextPolicy.REFUSE, k1);
        AccountStore s = provider.open("m1");
        s.credentials().save(credentials(), CredentialsStore.ABSENT);
        String chat = "15550002222@s.whatsapp.net";
        byte[] content = bytes(200);
        byte[] sent = bytes(150);
        long now = System.currentTimeMillis();
        s.messages().archive(List.of(new ArchivedMessage(chat, "A1", false, chat, chat, null, "Bob", now, content, true)));
        s.messages().put(new MessageKey(chat, "S1"), sent);

        AccountStore raw = memory.open("m1");
        ArchivedMessage stored = raw.messages().archived(chat, "A1").orElseThrow();
        assertFalse(leaks(concat(stored.message(), raw.messages().load(new MessageKey(chat, "S1")).orElseThrow()), content),
                "archived content in plaintext");
        assertFalse(leaks(raw.messages().load(new MessageKey(chat, "S1")).orElseThrow(), sent), "a sent message in plaintext");
        assertEquals("Bob", stored.pushName(), "the rest of the entry stays readable (paging, retention)");
        assertTrue(stored.starred());
        s.messages().rewriteArchived(s.messages().archived(chat, "A1").orElseThrow().withLabel("5", true)); // a label put on
        stored = raw.messages().archived(chat, "A1").orElseThrow();
        assertFalse(leaks(stored.message(), content), "a rewritten entry is sealed too");
        assertEquals(List.of("5"), stored.labels());

        AccountStore again = encrypted(PlaintextPolicy.REFUSE, k1).open("m1", 1);
        assertArrayEquals(content, again.messages().archived(chat, "A1").orElseThrow().message());
        assertArrayEquals(content, again.messages().archivedBefore(chat, Long.MAX_VALUE, null, 5).getFirst().message());
        assertArrayEquals(sent, again.messages().load(new MessageKey(chat, "S1")).orElseThrow());

        // an archived record moved to another message does not open
        raw.messages().archive(List.of(new ArchivedMessage(chat, "A2", false, chat, chat, null, "Bob", now, stored.message())));
        assertThrows(StoreEncryptionException.class, () -> again.messages().archived(chat, "A2"));
    }

    @Test
    void recordsWrittenBeforeTheCredentialsUseTheDataKeyTheCredentialsThenStore() {
        AccountStore s = encrypted(PlaintextPolicy.REFUSE, k1).open("early");
        byte[] signed = bytes(120);
        s.signedPreKeys().store(1, signed); // as WaClient does before saving fresh credentials
        s.credentials().save(credentials(), CredentialsStore.ABSENT);
        assertArrayEquals(signed, encrypted(PlaintextPolicy.REFUSE, k1).open("early").signedPreKeys().load(1).orElseThrow());
    }

    @Test
    void aRecordCopiedToAnotherSessionOrSlotDoesNotDecrypt() {
        EncryptedStoreProvider provider = encrypted(PlaintextPolicy.REFUSE, k1);
        AccountStore a = provider.open("a");
        AccountStore b = provider.open("b");
        a.credentials().save(credentials(), CredentialsStore.ABSENT);
        b.credentials().save(credentials(), CredentialsStore.ABSENT);
        a.signalSessions().store(BOB, bytes(200));
        byte[] sealed = memory.open("a").signalSessions().load(BOB).orElseThrow();

        memory.open("b").signalSessions().store(BOB, sealed);
        StoreEncryptionException other = assertThrows(StoreEncryptionException.class, () -> b.signalSessions().load(BOB));
        assertTrue(other.getMessage().contains("copied from another session"), other.getMessage());

        memory.open("a").signalSessions().store(CAROL, sealed);
        StoreEncryptionException slot = assertThrows(StoreEncryptionException.class, () -> a.signalSessions().load(CAROL));
        assertTrue(slot.getMessage().contains("does not decrypt"), slot.getMessage());

        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        memory.open("a").signalSessions().store(BOB, tampered);
        assertThrows(StoreEncryptionException.class, () -> a.signalSessions().load(BOB));
        assertEquals(3, provider.stats().failures());

        // credentials copied to another session: their data key does not unwrap there
        Versioned<Credentials> aCreds = memory.open("a").credentials().load().orElseThrow();
        memory.open("c").credentials().save(aCreds.value(), CredentialsStore.ABSENT);
        StoreEncryptionException creds = assertThrows(StoreEncryptionException.class,
                () -> encrypted(PlaintextPolicy.REFUSE, k1).open("c").credentials().load());
        assertTrue(creds.getMessage().contains("does not unwrap"), creds.getMessage());
    }

    @Test
    void rotationReWrapsTheDataKeyOnLoadAndTheOldKeyIsNeededOnlyUntilThen() {
        Credentials c = credentials();
        encrypted(PlaintextPolicy.REFUSE, k1).open("r").credentials().save(c, CredentialsStore.ABSENT);
        encrypted(PlaintextPolicy.REFUSE, k1).open("r").signalSessions().store(BOB, new byte[] {8, 1, 2});

        // the new key alone cannot read what the old one wrapped: a clear error naming the key
        StoreEncryptionException missing = assertThrows(StoreEncryptionException.class,
                () -> encrypted(PlaintextPolicy.REFUSE, k2).open("r").credentials().load());
        assertTrue(missing.getMessage().contains("master key 'k1'"), missing.getMessage());

        EncryptedStoreProvider rotating = encrypted(PlaintextPolicy.REFUSE, k2, k1);
        Versioned<Credentials> loaded = rotating.open("r").credentials().load().orElseThrow();
        assertEquals(c, loaded.value());
        assertEquals(2, loaded.version()); // re-saved, wrapped under k2
        assertEquals(1, rotating.stats().rewrapped());

        // from now on k1 is no longer needed, and records sealed before the rotation still open
        AccountStore after = encrypted(PlaintextPolicy.REFUSE, k2).open("r");
        assertEquals(c, after.credentials().load().orElseThrow().value());
        assertArrayEquals(new byte[] {8, 1, 2}, after.signalSessions().load(BOB).orElseThrow());

        // a key with the right id but the wrong bytes
        MasterKey wrong = key("k2");
        StoreEncryptionException bad = assertThrows(StoreEncryptionException.class,
                () -> encrypted(PlaintextPolicy.REFUSE, wrong).open("r").credentials().load());
        assertTrue(bad.getMessage().contains("does not unwrap under master key 'k2'"), bad.getMessage());
    }

    @Test
    void plaintextRecordsAreMigratedOrRefusedAsConfigured() {
        Credentials c = credentials();
        byte[] session = bytes(300);
        session[0] = 0x0A; // a protobuf record starts with a field tag
        AccountStore raw = memory.open("legacy");
        raw.credentials().save(c, CredentialsStore.ABSENT);
        raw.signalSessions().store(BOB, session);

        StoreEncryptionException refused = assertThrows(StoreEncryptionException.class,
                () -> encrypted(PlaintextPolicy.REFUSE, k1).open("legacy").credentials().load());
        assertTrue(refused.getMessage().contains("plaintext"), refused.getMessage());

        EncryptedStoreProvider migrating = encrypted(PlaintextPolicy.MIGRATE, k1);
        AccountStore s = migrating.open("legacy");
        Versioned<Credentials> loaded = s.credentials().load().orElseThrow();
        assertEquals(c, loaded.value());
        assertEquals(2, loaded.version());
        assertFalse(leaks(rawCredentials(raw.credentials().load().orElseThrow().value()), c.identityKey().privateKey()));
        assertArrayEquals(session, s.signalSessions().load(BOB).orElseThrow());
        assertEquals(2, migrating.stats().plaintextReads());

        s.signalSessions().store(BOB, session); // the next write seals it
        assertFalse(leaks(raw.signalSessions().load(BOB).orElseThrow(), session));
        assertArrayEquals(session, encrypted(PlaintextPolicy.REFUSE, k1).open("legacy").signalSessions().load(BOB).orElseThrow());
    }

    @Test
    void aNewLeaseEpochRereadsTheDataKeyAWipeForgetsIt() {
        EncryptedStoreProvider provider = encrypted(PlaintextPolicy.REFUSE, k1);
        AccountStore first = provider.open("w", 1);
        first.credentials().save(credentials(), CredentialsStore.ABSENT);
        DataKey before = provider.cached("w");
        first.wipe();
        assertEquals(null, provider.cached("w"));

        // paired again elsewhere (another worker, another data key), then back here at a newer epoch
        encrypted(PlaintextPolicy.REFUSE, k1).open("w", 2).credentials().save(credentials(), CredentialsStore.ABSENT);
        provider.remember("w", before, 1); // as if this worker still held the old key
        AccountStore back = provider.open("w", 3);
        back.signalSessions().store(BOB, bytes(50));
        assertNotEquals(before.id(), provider.cached("w").id());
        assertEquals(50, encrypted(PlaintextPolicy.REFUSE, k1).open("w", 4).signalSessions().load(BOB).orElseThrow().length);
    }

    @Test
    void keyringsParseRotateAndNeverPrintKeyMaterial(@TempDir Path dir) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(k1.key());
        Keyring ring = Keyring.parse("# comment\n" + Keyring.format(k2) + "\n" + "k1:" + b64 + "\n");
        assertEquals("k2", ring.current().id());
        assertEquals(k1, ring.find("k1").orElseThrow());
        assertFalse(ring.toString().contains(b64));
        assertFalse(k1.toString().contains(b64));
        assertEquals("k2", Keyring.parse(Keyring.format(k2) + ";" + Keyring.format(k1)).current().id());

        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> Keyring.parse("k:" + Base64.getEncoder().encodeToString(new byte[16])));
        assertTrue(shortKey.getMessage().contains("32 bytes"));
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class, () -> Keyring.parse("k:%%%secret"));
        assertFalse(notBase64.getMessage().contains("secret"));
        assertThrows(IllegalArgumentException.class, () -> Keyring.parse("# nothing\n"));
        assertThrows(IllegalArgumentException.class, () -> Keyring.parse(Keyring.format(k1) + "\n" + Keyring.format(k1)));

        Path file = dir.resolve("keys/master.keys");
        Keyring created = Keyring.readOrCreate(file, new SecureRandom());
        assertEquals(created.current(), Keyring.readOrCreate(file, new SecureRandom()).current());
        assertEquals(created.current(), Keyring.read(file).current());
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertFalse(HexFormat.of().formatHex(created.current().key()).isEmpty());
    }
}
