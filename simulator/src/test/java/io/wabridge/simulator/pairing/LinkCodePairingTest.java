package io.wabridge.simulator.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.testing.RawClient;
import io.wabridge.simulator.testing.TestCompanion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Linking by pairing code, with the test playing the companion's side of the crypto by hand. */
class LinkCodePairingTest {
    private static final String CODE = "ABCD2345";
    private WaSimulator simulator;
    private PhoneAccount account;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create("15550006666");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** A registering companion that asked {@code phone} for a code; its ephemeral key is wrapped with {@code CODE}. */
    private final class Companion {
        final TestCompanion keys = new TestCompanion();
        final X25519KeyPair ephemeral = X25519.generateKeyPair();
        final RawClient client;
        String ref;

        Companion() throws Exception {
            client = RawClient.connect(simulator, keys.noiseKey, keys.registrationPayload());
            client.send(TestCompanion.ack(client.next()));
        }

        Node hello(String phone, byte[] authKey) throws Exception {
            return client.call(Node.builder("iq").attr("to", Jid.SERVER).attr("type", "set").attr("xmlns", "md")
                    .children(Node.builder("link_code_companion_reg").attr("jid", Jid.pn(phone)).attr("stage", "companion_hello")
                            .attr("should_show_push_notification", "true").children(
                                    Node.builder("link_code_pairing_wrapped_companion_ephemeral_pub")
                                            .bytes(PairingCodeCrypto.wrapKey(CODE, ephemeral.publicKey())).build(),
                                    Node.builder("companion_server_auth_key_pub").bytes(authKey).build(),
                                    Node.builder("companion_platform_id").bytes("1".getBytes(StandardCharsets.UTF_8)).build(),
                                    Node.builder("companion_platform_display").bytes("Chrome (Linux)".getBytes(StandardCharsets.UTF_8)).build(),
                                    Node.builder("link_code_pairing_nonce").bytes(new byte[] {0}).build()).build())
                    .build());
        }

        void askForCode() throws Exception {
            Node result = hello(account.phoneNumber(), keys.noiseKey.publicKey());
            Node reg = result.child("link_code_companion_reg");
            assertEquals("companion_hello", reg.attr("stage"));
            ref = new String(reg.child("link_code_pairing_ref").bytes(), StandardCharsets.UTF_8);
        }

        /** Reads primary_hello, derives the adv secret as Baileys and whatsmeow do, sends companion_finish. */
        void finish() throws Exception {
            Node notification = client.next();
            assertEquals("notification", notification.tag());
            assertEquals("link_code_companion_reg", notification.attr("type"));
            Node reg = notification.child("link_code_companion_reg");
            assertEquals("primary_hello", reg.attr("stage"));
            assertEquals(ref, new String(reg.child("link_code_pairing_ref").bytes(), StandardCharsets.UTF_8));
            byte[] primaryIdentity = reg.child("primary_identity_pub").bytes();
            assertArrayEquals(account.accountPublicKey(), primaryIdentity);
            byte[] primaryEphemeral = PairingCodeCrypto.unwrapKey(CODE,
                    reg.child("link_code_pairing_wrapped_primary_ephemeral_pub").bytes());
            byte[] shared = X25519.agree(ephemeral.privateKey(), primaryEphemeral);
            byte[] random = TestCompanion.random(32);
            byte[] plaintext = new byte[96];
            System.arraycopy(keys.identityKey.publicKey(), 0, plaintext, 0, 32);
            System.arraycopy(primaryIdentity, 0, plaintext, 32, 32);
            System.arraycopy(random, 0, plaintext, 64, 32);
            keys.advSecret = PairingCodeCrypto.advSecret(shared,
                    X25519.agree(keys.identityKey.privateKey(), primaryIdentity), random);
            Node ack = client.call(Node.builder("iq").attr("to", Jid.SERVER).attr("type", "set").attr("xmlns", "md")
                    .children(Node.builder("link_code_companion_reg").attr("jid", Jid.pn(account.phoneNumber()))
                            .attr("stage", "companion_finish").children(
                                    Node.builder("link_code_pairing_wrapped_key_bundle")
                                            .bytes(PairingCodeCrypto.sealKeyBundle(shared, plaintext)).build(),
                                    Node.builder("companion_identity_public").bytes(keys.identityKey.publicKey()).build(),
                                    Node.builder("link_code_pairing_ref").bytes(ref.getBytes(StandardCharsets.UTF_8)).build())
                            .build())
                    .build());
            assertEquals("result", ack.attr("type"));
        }
    }

    @Test
    void theCodeTypedOnThePhoneLinksTheCompanion() throws Exception {
        Companion companion = new Companion();
        companion.askForCode();
        CompletableFuture<LinkedDevice> linking = account.phone().confirmPairingCode("abcd-2345");
        companion.finish();

        TestCompanion.PairSuccess success = companion.keys.decode(companion.client.next());
        assertTrue(success.hmacValid(), "the adv secret both sides derived keys the HMAC");
        assertTrue(success.accountSignatureValid());
        companion.client.send(companion.keys.pairDeviceSign(success));
        LinkedDevice device = linking.get(10, TimeUnit.SECONDS);
        assertArrayEquals(companion.keys.noiseKey.publicKey(), device.noiseKey());
        assertEquals("CHROME", device.platform());
        assertEquals("515", companion.client.next().attr("code"));
    }

    @Test
    void anotherCodeThanTheCompanionsFailsWhenItsKeyBundleArrives() throws Exception {
        Companion companion = new Companion();
        companion.askForCode();
        CompletableFuture<LinkedDevice> linking = account.phone().confirmPairingCode("ZZZZ9999");
        companion.finish(); // CTR has no integrity: the companion notices nothing, the phone's bundle check fails
        assertEquals(PairingException.Reason.CODE_MISMATCH, QrPairingTest.failure(linking).reason());
        assertTrue(account.devices().isEmpty());
    }

    @Test
    void stagesWithBadInputGetIqErrorsAndTheConnectionStays() throws Exception {
        Companion companion = new Companion();
        IqErrorException unknown = assertThrows(IqErrorException.class,
                () -> companion.hello("15559999999", companion.keys.noiseKey.publicKey()));
        assertEquals(404, unknown.code());
        IqErrorException otherKey = assertThrows(IqErrorException.class,
                () -> companion.hello(account.phoneNumber(), X25519.generateKeyPair().publicKey()));
        assertEquals(400, otherKey.code());
        companion.askForCode(); // still served
    }

    @Test
    void thePhoneRefusesCodesNobodyAskedForAndMalformedCodes() throws Exception {
        PairingException none = assertThrows(PairingException.class, () -> account.phone().confirmPairingCode(CODE));
        assertEquals(PairingException.Reason.NO_PENDING_CODE, none.reason());
        Companion companion = new Companion();
        companion.askForCode();
        for (String bad : new String[] {"ABC", "ABCD23450", "ABCD-234O", ""}) {
            PairingException malformed = assertThrows(PairingException.class, () -> account.phone().confirmPairingCode(bad));
            assertEquals(PairingException.Reason.INVALID_CODE, malformed.reason(), bad);
        }
    }
}
