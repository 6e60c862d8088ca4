package io.wabridge.client.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.Hkdf;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.LoopbackServer;
import io.wabridge.client.testing.TestPhone;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** "Link with phone number": the companion's hello and finish against a phone written here from the references. */
class PairingCodeTest {
    private final ClientHarness h = new ClientHarness();
    private final SecureRandom random = new SecureRandom();

    @Test
    void codesUseTheLinkingAlphabet() {
        assertEquals("11111111", LinkCodeCrypto.encode(new byte[5]));
        assertEquals("ZZZZZZZZ", LinkCodeCrypto.encode(new byte[] {-1, -1, -1, -1, -1}));
        String code = LinkCodeCrypto.newCode(random);
        assertTrue(code.matches("[1-9A-HJ-NP-TV-Z]{8}"), code);
    }

    @Test
    void helloThenPrimaryHelloThenFinishDerivesTheAdvSecretBothSidesAgreeOn() throws Exception {
        h.client.connect();
        LoopbackServer.Connection c = h.server.last();
        CompletableFuture<String> requested = h.client.requestPairingCode("+1 (555) 000-1111");
        String code = requested.get();
        assertEquals(code, h.last(ClientEvent.PairingCode.class).code());
        assertEquals(8, code.length());

        Node hello = h.linkCodeRequests.getFirst();
        assertEquals("companion_hello", hello.attr("stage"));
        assertEquals("15550001111@s.whatsapp.net", hello.attr("jid"));
        assertEquals("true", hello.attr("should_show_push_notification"));
        assertArrayEquals(h.credentials().noiseKey().publicKey(), hello.child("companion_server_auth_key_pub").bytes());
        assertEquals("1", hello.child("companion_platform_id").contentString());
        assertEquals("Chrome (Mac OS)", hello.child("companion_platform_display").contentString());
        byte[] companionEphemeral = phoneUnwrap(code, hello.child("link_code_pairing_wrapped_companion_ephemeral_pub").bytes());

        // The phone: its own ephemeral key wrapped with the same code, and its identity key.
        X25519KeyPair phoneEphemeral = X25519.generateKeyPair();
        c.send(Node.builder("notification").attr("from", "s.whatsapp.net").attr("type", "link_code_companion_reg")
                .attr("id", "lc-1").children(Node.builder("link_code_companion_reg").attr("stage", "primary_hello")
                        .children(
                                Node.builder("link_code_pairing_ref").bytes(ClientHarness.LINK_CODE_REF.getBytes()).build(),
                                Node.builder("link_code_pairing_wrapped_primary_ephemeral_pub")
                                        .bytes(phoneWrap(code, phoneEphemeral.publicKey())).build(),
                                Node.builder("primary_identity_pub").bytes(h.phone.account.publicKey()).build())
                        .build()).build());
        assertEquals("lc-1", c.received("ack").getLast().attr("id"));

        Node finish = h.linkCodeRequests.getLast();
        assertEquals("companion_finish", finish.attr("stage"));
        assertEquals(ClientHarness.LINK_CODE_REF, finish.child("link_code_pairing_ref").contentString());
        byte[] identity = h.credentials().identityKey().publicKey();
        assertArrayEquals(identity, finish.child("companion_identity_public").bytes());

        byte[] ephemeralShared = X25519.agree(phoneEphemeral.privateKey(), companionEphemeral);
        byte[] bundle = finish.child("link_code_pairing_wrapped_key_bundle").bytes();
        byte[] key = Hkdf.derive(Arrays.copyOfRange(bundle, 0, 32), ephemeralShared,
                "link_code_pairing_key_bundle_encryption_key".getBytes(StandardCharsets.US_ASCII), 32);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, Arrays.copyOfRange(bundle, 32, 44)));
        byte[] plain = gcm.doFinal(Arrays.copyOfRange(bundle, 44, bundle.length));
        assertArrayEquals(identity, Arrays.copyOfRange(plain, 0, 32));
        assertArrayEquals(h.phone.account.publicKey(), Arrays.copyOfRange(plain, 32, 64));
        byte[] identityShared = X25519.agree(h.phone.account.privateKey(), identity);
        byte[] advSecret = Hkdf.derive(null, TestPhone.concat(ephemeralShared, identityShared, Arrays.copyOfRange(plain, 64, 96)),
                "adv_secret".getBytes(StandardCharsets.US_ASCII), 32);
        assertArrayEquals(advSecret, h.credentials().advSecret(), "both sides derived the same adv secret");
        assertFalse(h.credentials().registered());

        // The pair-success that follows is keyed by that secret.
        c.send(TestPhone.pairSuccess("ps-1", TestPhone.hmacWrapped(h.phone.validIdentity(identity), advSecret), true));
        assertEquals(TestPhone.ME, h.last(ClientEvent.Paired.class).me());
        assertTrue(h.credentials().registered());
    }

    @Test
    void badRequestsFailClearly() {
        assertThrows(ExecutionException.class, () -> h.client.requestPairingCode("15550001111").get(),
                "not connected yet");
        h.client.connect();
        ExecutionException shortNumber = assertThrows(ExecutionException.class, () -> h.client.requestPairingCode("12345").get());
        assertTrue(shortNumber.getCause() instanceof IllegalArgumentException);
        assertThrows(ExecutionException.class, () -> h.client.requestPairingCode("0044123456789").get());

        // A primary hello nobody asked for is refused without a crash.
        h.server.last().send(Node.builder("notification").attr("type", "link_code_companion_reg").attr("id", "x")
                .children(Node.builder("link_code_companion_reg").build()).build());
        assertTrue(h.last(ClientEvent.PairingFailed.class).reason().contains("no pairing code was requested"));
    }

    private static byte[] phoneKey(String code, byte[] salt) throws Exception {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(code.toCharArray(), salt, 131072, 256)).getEncoded();
    }

    private static byte[] ctr(byte[] key, byte[] iv, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(data);
    }

    private static byte[] phoneUnwrap(String code, byte[] wrapped) throws Exception {
        assertEquals(80, wrapped.length);
        return ctr(phoneKey(code, Arrays.copyOfRange(wrapped, 0, 32)), Arrays.copyOfRange(wrapped, 32, 48),
                Arrays.copyOfRange(wrapped, 48, 80));
    }

    private byte[] phoneWrap(String code, byte[] key) throws Exception {
        byte[] salt = new byte[32];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        return TestPhone.concat(salt, iv, ctr(phoneKey(code, salt), iv, key));
    }
}
