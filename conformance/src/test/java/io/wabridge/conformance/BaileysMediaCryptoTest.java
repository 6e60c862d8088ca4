package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.media.ExpectedMedia;
import io.wabridge.client.media.MediaCrypto;
import io.wabridge.client.media.MediaDigest;
import io.wabridge.client.media.MediaIntegrityException;
import io.wabridge.client.media.MediaKeys;
import io.wabridge.client.media.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media crypto against Baileys 6 and 7's own media functions (harness/media.mjs): for every media type Baileys
 * knows, its HKDF expansion equals ours; blobs our client encrypts are downloaded and decrypted by Baileys'
 * {@code downloadContentFromMessage} byte-identically; blobs Baileys' {@code encryptedStream} produces pass our
 * verification (MAC, both hashes, length) and decrypt byte-identically, and re-encrypting with Baileys' media
 * key reproduces Baileys' blob exactly.
 */
class BaileysMediaCryptoTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] SIZES = {0, 16, 70_001};
    private static final byte[] KAT_KEY = new byte[32];

    @TempDir
    static Path work;

    private static final List<Entry> ENTRIES = new ArrayList<>();
    private static final List<JsonNode> LINES = new ArrayList<>();

    private record Entry(MediaType type, Path plain, byte[] mediaKey, byte[] javaBlob) {
    }

    @BeforeAll
    static void runBaileys() throws IOException {
        new Random(7).nextBytes(KAT_KEY);
        List<Path> plains = new ArrayList<>();
        Random random = new Random(13);
        for (int size : SIZES) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            plains.add(Files.write(work.resolve("plain-" + size + ".bin"), data));
        }
        ObjectNode manifest = JSON.createObjectNode().put("katMediaKey", HEX.formatHex(KAT_KEY));
        ArrayNode entries = manifest.putArray("entries");
        for (MediaType type : MediaType.values()) {
            if (type.baileysName().isEmpty()) {
                continue;
            }
            for (Path plain : plains) {
                byte[] mediaKey = MediaKeys.newMediaKey();
                String encName = "java-" + type + "-" + plain.getFileName() + ".enc";
                try (InputStream in = Files.newInputStream(plain);
                        OutputStream out = Files.newOutputStream(work.resolve(encName))) {
                    MediaCrypto.encrypt(in, out, MediaKeys.derive(mediaKey, type));
                }
                ENTRIES.add(new Entry(type, plain, mediaKey, Files.readAllBytes(work.resolve(encName))));
                entries.addObject().put("type", type.baileysName().orElseThrow())
                        .put("plain", plain.getFileName().toString()).put("javaEnc", encName)
                        .put("javaMediaKey", Base64.getEncoder().encodeToString(mediaKey));
            }
        }
        JSON.writeValue(work.resolve("manifest.json").toFile(), manifest);
        for (String line : NodeHarness.fromEnvironment().run("media.mjs", Duration.ofMinutes(3), work.toString())) {
            LINES.add(JSON.readTree(line));
        }
    }

    private static List<JsonNode> lines(String kind, String version) {
        return LINES.stream().filter(l -> l.get("kind").asText().equals(kind)
                && l.get("version").asText().equals(version)).toList();
    }

    @Test
    void everyBaileysMediaTypeExpandsItsKeyAsWeDo() {
        for (String version : List.of("baileys6", "baileys7")) {
            Set<String> seen = new TreeSet<>();
            for (JsonNode line : lines("keys", version)) {
                String name = line.get("type").asText();
                MediaType type = MediaType.fromName(name)
                        .orElseThrow(() -> new AssertionError(version + " media type unknown to us: " + name));
                assertEquals(line.get("info").asText(), type.hkdfInfo(), version + " " + name);
                assertEquals(line.get("expanded").asText(), HEX.formatHex(MediaKeys.expand(KAT_KEY, type)),
                        version + " " + name);
                MediaKeys keys = MediaKeys.derive(KAT_KEY, type);
                assertEquals(line.get("iv").asText(), HEX.formatHex(keys.iv()));
                assertEquals(line.get("cipherKey").asText(), HEX.formatHex(keys.cipherKey()));
                assertEquals(line.get("macKey").asText(), HEX.formatHex(keys.macKey()));
                seen.add(name);
            }
            Set<String> ours = new TreeSet<>();
            for (MediaType type : MediaType.values()) {
                type.baileysName().ifPresent(ours::add);
            }
            if (version.equals("baileys6")) {
                ours.remove("biz-cover-photo"); // added in Baileys 7
            }
            assertEquals(ours, seen, version + ": every media type of ours with a Baileys name was compared");
        }
    }

    @Test
    void baileysDecryptsWhatWeEncryptByteIdentically() throws IOException {
        for (String version : List.of("baileys6", "baileys7")) {
            List<JsonNode> decrypted = lines("decrypted", version);
            assertEquals(expectedCount(version), decrypted.size(), version);
            for (JsonNode line : decrypted) {
                Entry entry = ENTRIES.get(line.get("index").asInt());
                assertArrayEquals(Files.readAllBytes(entry.plain), Files.readAllBytes(work.resolve(
                        line.get("file").asText())), version + " decrypting our " + entry.type + " "
                        + entry.plain.getFileName());
            }
        }
    }

    @Test
    void weVerifyAndDecryptWhatBaileysEncryptsByteIdentically() throws IOException {
        for (String version : List.of("baileys6", "baileys7")) {
            List<JsonNode> encrypted = lines("encrypted", version);
            assertEquals(expectedCount(version), encrypted.size(), version);
            for (JsonNode line : encrypted) {
                Entry entry = ENTRIES.get(line.get("index").asInt());
                String what = version + " " + entry.type + " " + entry.plain.getFileName();
                byte[] plain = Files.readAllBytes(entry.plain);
                byte[] blob = Files.readAllBytes(work.resolve(line.get("file").asText()));
                byte[] mediaKey = HEX.parseHex(line.get("mediaKey").asText());
                MediaKeys keys = MediaKeys.derive(mediaKey, entry.type);
                ExpectedMedia expected = new ExpectedMedia(HEX.parseHex(line.get("fileSha256").asText()),
                        HEX.parseHex(line.get("fileEncSha256").asText()), line.get("fileLength").asLong());

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                MediaDigest digest = MediaCrypto.decrypt(new ByteArrayInputStream(blob), out, keys, expected);
                assertArrayEquals(plain, out.toByteArray(), what);
                assertEquals(plain.length, digest.fileLength(), what);

                ByteArrayOutputStream again = new ByteArrayOutputStream();
                MediaDigest ours = MediaCrypto.encrypt(new ByteArrayInputStream(plain), again, keys);
                assertArrayEquals(blob, again.toByteArray(), what + ": same media key, same blob");
                assertEquals(digest, ours, what);
            }
        }
    }

    @Test
    void aTamperedBaileysBlobIsRejected() throws IOException {
        JsonNode line = lines("encrypted", "baileys7").stream()
                .filter(l -> l.get("fileLength").asLong() == SIZES[2]).findFirst().orElseThrow();
        Entry entry = ENTRIES.get(line.get("index").asInt());
        byte[] blob = Files.readAllBytes(work.resolve(line.get("file").asText()));
        blob[blob.length / 2] ^= 0x10;
        MediaKeys keys = MediaKeys.derive(HEX.parseHex(line.get("mediaKey").asText()), entry.type);
        assertThrows(MediaIntegrityException.MacMismatch.class, () -> MediaCrypto.decrypt(
                new ByteArrayInputStream(blob), OutputStream.nullOutputStream(), keys, ExpectedMedia.NONE));
        MediaIntegrityException e = assertThrows(MediaIntegrityException.class, () -> MediaCrypto.decrypt(
                new ByteArrayInputStream(blob), OutputStream.nullOutputStream(), keys, new ExpectedMedia(null,
                        HEX.parseHex(line.get("fileEncSha256").asText()), null)));
        assertEquals(MediaIntegrityException.Reason.ENC_HASH_MISMATCH, e.reason());
    }

    private static long expectedCount(String version) {
        Map<String, Boolean> known = new HashMap<>();
        for (JsonNode line : lines("keys", version)) {
            known.put(line.get("type").asText(), true);
        }
        long count = ENTRIES.stream().filter(e -> known.containsKey(e.type.baileysName().orElseThrow())).count();
        assertTrue(count >= 3L * 16, version + ": " + count + " entries");
        return count;
    }
}
