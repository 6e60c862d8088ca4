package io.wabridge.client.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;

/**
 * Fails if libsignal-client is upgraded past what WhatsApp interoperates with (0.23.1): newer versions emit
 * message version 4 (0x44, with Kyber) and reject device id 0, which is every WhatsApp primary device.
 */
class LibsignalVersionPinTest {

    @Test
    void messagesAreVersion3AndPrimaryDevice0Works() throws Exception {
        try (MemoryStoreProvider provider = new MemoryStoreProvider()) {
            Jid alicePrimary = Jid.parse("15550001111@s.whatsapp.net");
            Jid bobPrimary = Jid.parse("15550002222@s.whatsapp.net");
            assertEquals(0, bobPrimary.device());
            SignalParty alice = SignalParty.create(provider, "alice", alicePrimary);
            SignalParty bob = SignalParty.create(provider, "bob", bobPrimary);

            alice.cipher.processBundle(bobPrimary, bob.bundle(1));
            EncryptedMessage pkmsg = alice.cipher.encrypt(bobPrimary, "x".getBytes(StandardCharsets.UTF_8));
            assertEquals(0x33, pkmsg.ciphertext()[0] & 0xFF, "pkmsg version byte");
            PreKeySignalMessage parsed = new PreKeySignalMessage(pkmsg.ciphertext());
            assertEquals(3, parsed.getMessageVersion());
            assertEquals(0x33, parsed.getWhisperMessage().serialize()[0] & 0xFF, "inner msg version byte");
            bob.cipher.decrypt(alicePrimary, pkmsg.type(), pkmsg.ciphertext());

            EncryptedMessage msg = bob.cipher.encrypt(alicePrimary, "y".getBytes(StandardCharsets.UTF_8));
            assertEquals(CiphertextType.MSG, msg.type());
            assertEquals(0x33, msg.ciphertext()[0] & 0xFF, "msg version byte");
            assertEquals(3, new SignalMessage(msg.ciphertext()).getMessageVersion());
            assertArrayEquals("y".getBytes(StandardCharsets.UTF_8),
                    alice.cipher.decrypt(bobPrimary, msg.type(), msg.ciphertext()));
        }
    }
}
