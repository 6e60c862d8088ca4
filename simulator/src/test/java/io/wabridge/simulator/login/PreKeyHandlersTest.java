package io.wabridge.simulator.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PreKeyBundle;
import io.wabridge.simulator.testing.LinkedCompanion;
import io.wabridge.simulator.testing.RawClient;
import io.wabridge.simulator.testing.TestCompanion;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A device's own keys on the server: count, upload, rotation, digest, and the low-prekey notification. */
class PreKeyHandlersTest {
    private WaSimulator simulator;
    private PhoneAccount account;
    private LinkedCompanion companion;
    private RawClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create("15550004444");
        companion = LinkedCompanion.link(account);
        client = companion.login(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private int count() throws Exception {
        Node result = client.call(Node.builder("iq").attr("xmlns", "encrypt").attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.of("count")).build());
        return Integer.parseInt(result.child("count").requireAttr("value"));
    }

    /** Signed prekey of the companion, or one signed by another identity when {@code signer} is given. */
    private Node skey(int id, X25519KeyPair key, X25519KeyPair signer) {
        byte[] signature = XEdDsa.sign(signer.privateKey(), XEdDsa.withTypePrefix(key.publicKey()));
        return Node.builder("skey").children(
                Node.builder("id").bytes(TestCompanion.bigEndian(id, 3)).build(),
                Node.builder("value").bytes(key.publicKey()).build(),
                Node.builder("signature").bytes(signature).build()).build();
    }

    private Node upload(byte[] identity, Node skey, List<byte[]> preKeys, int firstId) {
        List<Node> keys = new ArrayList<>();
        for (int i = 0; i < preKeys.size(); i++) {
            keys.add(Node.builder("key").children(
                    Node.builder("id").bytes(TestCompanion.bigEndian(firstId + i, 3)).build(),
                    Node.builder("value").bytes(preKeys.get(i)).build()).build());
        }
        return Node.builder("iq").attr("xmlns", "encrypt").attr("type", "set").attr("to", Jid.SERVER).children(
                Node.builder("registration").bytes(TestCompanion.bigEndian(companion.keys().registrationId, 4)).build(),
                Node.builder("type").bytes(new byte[] {5}).build(),
                Node.builder("identity").bytes(identity).build(),
                Node.builder("list").children(keys).build(),
                skey).build();
    }

    private static List<byte[]> preKeys(int n) {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(X25519.generateKeyPair().publicKey());
        }
        return keys;
    }

    @Test
    void uploadsAreCountedAndDigested() throws Exception {
        assertEquals(0, count());
        IqErrorException none = assertThrows(IqErrorException.class, () -> client.call(digestIq()));
        assertEquals(404, none.code(), "no digest before an upload");

        X25519KeyPair signed = X25519.generateKeyPair();
        List<byte[]> keys = preKeys(3);
        byte[] identity = companion.keys().identityKey.publicKey();
        assertEquals("result", client.call(upload(identity, skey(7, signed, companion.keys().identityKey), keys, 1))
                .attr("type"));
        assertEquals(3, count());

        Node digest = client.call(digestIq()).child("digest");
        assertArrayEquals(TestCompanion.bigEndian(companion.keys().registrationId, 4), digest.child("registration").bytes());
        assertArrayEquals(new byte[] {5}, digest.child("type").bytes());
        assertArrayEquals(identity, digest.child("identity").bytes());
        assertArrayEquals(TestCompanion.bigEndian(7, 3), digest.child("skey").child("id").bytes());
        assertEquals(List.of(1, 2, 3), digest.child("list").children("id").stream()
                .map(id -> (id.bytes()[0] << 16) | (id.bytes()[1] << 8) | id.bytes()[2]).toList());
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(identity);
        sha1.update(signed.publicKey());
        sha1.update(digest.child("skey").child("signature").bytes());
        keys.forEach(sha1::update);
        assertArrayEquals(sha1.digest(), digest.child("hash").bytes(), "zapo's digest check: sha1 over the key bundle");
    }

    @Test
    void rotationReplacesTheSignedPreKey() throws Exception {
        client.call(upload(companion.keys().identityKey.publicKey(), skey(1, X25519.generateKeyPair(),
                companion.keys().identityKey), preKeys(1), 1));
        X25519KeyPair rotated = X25519.generateKeyPair();
        client.call(Node.builder("iq").attr("xmlns", "encrypt").attr("type", "set").attr("to", Jid.SERVER)
                .children(Node.builder("rotate").children(skey(2, rotated, companion.keys().identityKey)).build()).build());
        assertArrayEquals(rotated.publicKey(), client.call(digestIq()).child("digest").child("skey").child("value").bytes());
        assertEquals(2, account.keySnapshot(companion.device().id()).signedPreKey().id());
    }

    @Test
    void malformedOrForeignUploadsAreRefusedAndStoreNothing() throws Exception {
        byte[] identity = companion.keys().identityKey.publicKey();
        X25519KeyPair stranger = X25519.generateKeyPair();
        IqErrorException forged = assertThrows(IqErrorException.class, () -> client.call(
                upload(identity, skey(1, X25519.generateKeyPair(), stranger), preKeys(2), 1)));
        assertEquals(400, forged.code(), "signed prekey not signed by the uploaded identity");

        IqErrorException foreign = assertThrows(IqErrorException.class, () -> client.call(
                upload(stranger.publicKey(), skey(1, X25519.generateKeyPair(), stranger), preKeys(2), 1)));
        assertEquals(409, foreign.code(), "an identity the device did not pair with");

        IqErrorException shortKey = assertThrows(IqErrorException.class, () -> client.call(
                upload(identity, skey(1, X25519.generateKeyPair(), companion.keys().identityKey), List.of(new byte[31]), 1)));
        assertEquals(400, shortKey.code());
        assertEquals(0, count());
    }

    @Test
    void bundlesHandOutEachPreKeyOnceAndLowStockIsNotified() throws Exception {
        client.call(upload(companion.keys().identityKey.publicKey(), skey(1, X25519.generateKeyPair(),
                companion.keys().identityKey), preKeys(6), 10));
        int device = companion.device().id();
        PreKeyBundle first = account.takePreKeyBundle(device);
        assertEquals(10, first.oneTimePreKey().id());
        assertEquals(companion.keys().registrationId, first.registrationId());
        assertArrayEquals(companion.keys().identityKey.publicKey(), first.identityKey());
        assertNull(client.poll(Duration.ofMillis(200)), "5 left is not low yet");

        PreKeyBundle second = account.takePreKeyBundle(device);
        assertEquals(11, second.oneTimePreKey().id());
        Node low = client.next();
        assertEquals("notification", low.tag());
        assertEquals("encrypt", low.attr("type"));
        assertEquals(Jid.SERVER, low.jidAttr("from"), "Baileys acts only on encrypt notifications from the server");
        assertEquals("4", low.child("count").attr("value"));
        assertEquals(4, account.preKeyCount(device));

        for (int i = 0; i < 4; i++) {
            account.takePreKeyBundle(device);
        }
        PreKeyBundle exhausted = account.takePreKeyBundle(device);
        assertNull(exhausted.oneTimePreKey(), "sessions start from the signed prekey alone once none is left");
        assertTrue(account.sendPreKeyLowNotification(device), "test hook: the device is connected");
    }

    private static Node digestIq() {
        return Node.builder("iq").attr("xmlns", "encrypt").attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.of("digest")).build();
    }
}
