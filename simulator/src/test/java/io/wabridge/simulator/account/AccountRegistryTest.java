package io.wabridge.simulator.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.wa.ADVSignedDeviceIdentity;
import io.wabridge.simulator.pairing.AdvIdentities;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountRegistryTest {
    private final AccountRegistry registry = new AccountRegistry(Clock.systemUTC());

    private static PublishedSignedPreKey signedPreKey(X25519KeyPair identity) {
        X25519KeyPair key = X25519.generateKeyPair();
        return new PublishedSignedPreKey(1, key.publicKey(), XEdDsa.sign(identity.privateKey(),
                XEdDsa.withTypePrefix(key.publicKey())));
    }

    private LinkedDevice link(PhoneAccount account) {
        X25519KeyPair identity = X25519.generateKeyPair();
        return account.phone().linkDevice(X25519.generateKeyPair().publicKey(), identity, 42, signedPreKey(identity), "CHROME");
    }

    @Test
    void anAccountHasItsOwnKeyLidAndJids() {
        PhoneAccount account = registry.create("15550001111");
        assertEquals(Jid.parse("15550001111@s.whatsapp.net"), account.jid());
        assertTrue(account.lid().matches("[1-9][0-9]{14}"), account.lid());
        assertEquals(Jid.lid(account.lid()), account.lidJid());
        assertEquals(32, account.accountPublicKey().length);
        assertArrayEquals(X25519.publicKey(account.accountKeyPair().privateKey()), account.accountPublicKey());
        assertEquals("android", account.platform());
        PhoneAccount other = registry.create("15550002222", "iphone");
        assertNotEquals(account.lid(), other.lid());
        assertEquals(List.of(account, other), registry.all());
        assertEquals(account, registry.require("15550001111"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+15550001111", "05550001111", "123456", "1234567890123456", "1555000111a"})
    void malformedNumbersAreRefused(String number) {
        assertThrows(InvalidPhoneNumberException.class, () -> registry.create(number));
    }

    @Test
    void numbersAreUniqueEvenUnderConcurrentCreation() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger created = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> refused = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 16; i++) {
            threads.execute(() -> {
                try {
                    go.await();
                    registry.create("15550007777");
                    created.incrementAndGet();
                } catch (Throwable t) {
                    refused.add(t);
                }
            });
        }
        go.countDown();
        threads.shutdown();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(1, created.get());
        assertEquals(15, refused.size());
        assertTrue(refused.stream().allMatch(DuplicateAccountException.class::isInstance));
    }

    @Test
    void unknownNumbersAndDevicesHaveTheirOwnExceptions() {
        assertThrows(UnknownAccountException.class, () -> registry.require("15550009999"));
        PhoneAccount account = registry.create("15550001111");
        assertThrows(UnknownDeviceException.class, () -> account.requireDevice(1));
        assertThrows(UnknownDeviceException.class, () -> account.preKeyCount(1));
        assertThrows(UnknownDeviceException.class, () -> account.failNextLogin(1, 405));
    }

    @Test
    void deviceIdsAndKeyIndexesAreNeverReused() {
        PhoneAccount account = registry.create("15550001111");
        LinkedDevice first = link(account);
        LinkedDevice second = link(account);
        assertEquals(1, first.id());
        assertEquals(2, second.id());
        account.removeDevice(second.id());
        LinkedDevice third = link(account);
        assertEquals(3, third.id());
        assertEquals(3, third.keyIndex());
        assertEquals(Jid.parse("15550001111:3@s.whatsapp.net"), third.jid());
        assertEquals(List.of(1, 3), account.devices().stream().map(LinkedDevice::id).toList());
    }

    @Test
    void aFixtureDeviceCarriesValidAccountAndDeviceSignatures() throws Exception {
        PhoneAccount account = registry.create("15550001111");
        LinkedDevice device = link(account);
        ADVSignedDeviceIdentity identity = ADVSignedDeviceIdentity.parseFrom(device.signedDeviceIdentity());
        byte[] details = identity.getDetails().toByteArray();
        assertTrue(XEdDsa.verify(account.accountPublicKey(),
                AdvIdentities.accountSignatureMessage(details, device.identityKey()), identity.getAccountSignature().toByteArray()));
        assertTrue(AdvIdentities.verifyDeviceSignature(details, device.identityKey(), account.accountPublicKey(),
                identity.getDeviceSignature().toByteArray()));
    }

    @Test
    void uploadsMustComeFromTheDevicesIdentity() {
        PhoneAccount account = registry.create("15550001111");
        LinkedDevice device = link(account);
        X25519KeyPair stranger = X25519.generateKeyPair();
        assertThrows(KeyUploadRejectedException.class, () -> account.storePreKeys(device.id(), 42,
                stranger.publicKey(), signedPreKey(stranger), List.of()));
        assertThrows(KeyUploadRejectedException.class, () -> account.storePreKeys(device.id(), 43,
                device.identityKey(), signedPreKey(stranger), List.of()));
        account.storePreKeys(device.id(), 42, device.identityKey(), signedPreKey(stranger),
                List.of(new PublishedPreKey(5, new byte[32]), new PublishedPreKey(5, new byte[32]), new PublishedPreKey(6, new byte[32])));
        assertEquals(2, account.preKeyCount(device.id()), "a repeated id replaces its key");
    }
}
