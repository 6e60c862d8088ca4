package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.signal.group.GroupCipher;
import io.wabridge.client.signal.group.SenderKeyRecord;
import io.wabridge.client.signal.group.SenderKeyState;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test of the group (sender-key) cipher against Baileys' own: Baileys 7.0.0-rc14's
 * {@code lib/Signal/Group} and Baileys 6.17.16's {@code WASignalGroup}, both on libsignal-node's crypto, run by
 * {@code harness/sender-keys.mjs}. Each way, one side creates the sender key and its distribution message and
 * encrypts a series of messages; the other processes the distribution and decrypts them out of order, byte for byte; where Baileys receives, our
 * receiver given the same messages ends in the same chain state (iteration, chain key, cached keys).
 */
class BaileysSenderKeyTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final SenderKeyName SENDER = new SenderKeyName("120363000000000001@g.us",
            new SignalAddress("15550001111", 0));
    private static final int MESSAGES = 24;

    private static List<byte[]> plaintexts(long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            byte[] plaintext = new byte[i == 0 ? 0 : random.nextInt(i % 5 == 0 ? 4000 : 120)];
            random.nextBytes(plaintext);
            out.add(plaintext);
        }
        return out;
    }

    private static List<Integer> shuffledOrder(long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return order;
    }

    @ParameterizedTest
    @ValueSource(strings = {"baileys7", "baileys6"})
    void weDecryptWhatBaileysEncrypts(String impl) throws Exception {
        List<byte[]> plaintexts = plaintexts(impl.hashCode());
        List<String> args = new ArrayList<>(List.of("encrypt", impl));
        plaintexts.forEach(p -> args.add(HEX.formatHex(p)));
        JsonNode out = new ObjectMapper().readTree(
                NodeHarness.fromEnvironment().run("sender-keys.mjs", TIMEOUT, args.toArray(String[]::new)).getFirst());
        try (MemoryStoreProvider provider = new MemoryStoreProvider()) {
            GroupCipher cipher = new GroupCipher(provider.open("us").senderKeys());
            cipher.processDistribution(SENDER, HEX.parseHex(out.get("distribution").asText()));
            JsonNode messages = out.get("messages");
            assertEquals(MESSAGES, messages.size());
            for (int i : shuffledOrder(7)) {
                byte[] message = HEX.parseHex(messages.get(i).asText());
                assertArrayEquals(plaintexts.get(i), cipher.decrypt(SENDER, message), impl + " message " + i);
            }
            SenderKeyException duplicate = assertThrows(SenderKeyException.class,
                    () -> cipher.decrypt(SENDER, HEX.parseHex(messages.get(3).asText())));
            assertEquals(SenderKeyException.Failure.DUPLICATE, duplicate.failure());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"baileys7", "baileys6"})
    void baileysDecryptsWhatWeEncrypt(String impl) throws Exception {
        List<byte[]> plaintexts = plaintexts(impl.hashCode() + 1L);
        List<byte[]> messages = new ArrayList<>();
        byte[] distribution;
        try (MemoryStoreProvider provider = new MemoryStoreProvider()) {
            GroupCipher cipher = new GroupCipher(provider.open("us").senderKeys());
            distribution = cipher.createDistribution(SENDER);
            for (byte[] plaintext : plaintexts) {
                messages.add(cipher.encrypt(SENDER, plaintext));
            }
        }
        // Five messages never arrive: both receivers keep their keys cached.
        List<Integer> order = new ArrayList<>(shuffledOrder(11).subList(0, MESSAGES - 5));
        List<String> args = new ArrayList<>(List.of("decrypt", impl, HEX.formatHex(distribution)));
        order.forEach(i -> args.add(HEX.formatHex(messages.get(i))));
        JsonNode out = new ObjectMapper().readTree(
                NodeHarness.fromEnvironment().run("sender-keys.mjs", TIMEOUT, args.toArray(String[]::new)).getFirst());
        JsonNode results = out.get("results");
        assertEquals(order.size(), results.size());
        for (int k = 0; k < order.size(); k++) {
            JsonNode result = results.get(k);
            int i = order.get(k);
            assertTrue(result.has("plaintext"), impl + " failed message " + i + ": " + result);
            assertArrayEquals(plaintexts.get(i), HEX.parseHex(result.get("plaintext").asText()),
                    impl + " message " + i);
        }
        // Our receiver, given the same messages in the same order, ends in the same state as Baileys'.
        try (MemoryStoreProvider provider = new MemoryStoreProvider()) {
            SenderKeyStore store = provider.open("receiver").senderKeys();
            GroupCipher receiver = new GroupCipher(store);
            receiver.processDistribution(SENDER, distribution);
            for (int i : order) {
                assertArrayEquals(plaintexts.get(i), receiver.decrypt(SENDER, messages.get(i)));
            }
            SenderKeyState ours = SenderKeyRecord.parse(store.load(SENDER).orElseThrow()).current();
            JsonNode theirs = out.get("state");
            assertEquals(theirs.get("keyId").asLong(), Integer.toUnsignedLong(ours.keyId()));
            assertEquals(theirs.get("iteration").asInt(), ours.iteration());
            assertEquals(theirs.get("chainKey").asText(), HEX.formatHex(ours.chainKey()));
            assertEquals(5, theirs.get("cachedIterations").size());
            assertEquals(theirs.get("cachedIterations").size(), ours.cachedMessageKeys());
        }
    }
}
