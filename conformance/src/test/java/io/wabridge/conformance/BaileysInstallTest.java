package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness has both Baileys versions installed as pinned, and they speak the two binary
 * dictionaries our server must tell apart: Baileys 7 declares v3, Baileys 6 declares v2.
 */
class BaileysInstallTest {

    private static JsonNode facts;

    @BeforeAll
    static void runVersionsScript() throws Exception {
        List<String> lines = NodeHarness.fromEnvironment().run("versions.mjs", Duration.ofSeconds(60));
        assertEquals(1, lines.size(), () -> "versions.mjs must print exactly one line, got " + lines);
        facts = new ObjectMapper().readTree(lines.getFirst());
    }

    @Test
    void pinnedPackageVersionsAreInstalled() {
        assertEquals("7.0.0-rc14", facts.at("/baileys7/version").asText());
        assertEquals("6.17.16", facts.at("/baileys6/version").asText());
        assertEquals("6.0.0", facts.at("/libsignal/version").asText());
    }

    @Test
    void nodeIsAtLeastVersion20() {
        String version = facts.at("/node").asText();
        assertTrue(version.matches("v\\d+\\..*"), () -> "unexpected node version " + version);
        int major = Integer.parseInt(version.substring(1, version.indexOf('.')));
        assertTrue(major >= 20, () -> "Baileys 7 needs node 20 or newer, found " + version);
    }

    @Test
    void bothVersionsExposeMakeWASocket() {
        assertTrue(facts.at("/baileys7/makeWASocket").asBoolean());
        assertTrue(facts.at("/baileys6/makeWASocket").asBoolean());
    }

    @Test
    void baileys7DeclaresAndEncodesDictionaryV3() {
        JsonNode b7 = facts.get("baileys7");
        assertEquals(3, b7.get("dictVersion").asInt());
        assertEquals("57410603", b7.get("waHeaderHex").asText());
        assertEquals("id", b7.get("token8").asText());
        assertEquals("notification", b7.get("token9").asText());
        assertEquals("00f80109", b7.get("notificationNodeHex").asText());
    }

    @Test
    void baileys6DeclaresAndEncodesDictionaryV2() {
        JsonNode b6 = facts.get("baileys6");
        assertEquals(2, b6.get("dictVersion").asInt());
        assertEquals("57410602", b6.get("waHeaderHex").asText());
        assertEquals("id", b6.get("token8").asText());
        assertEquals("broadcast", b6.get("token9").asText());
        assertEquals("00f8010c", b6.get("notificationNodeHex").asText());
    }

    @Test
    void tokenTablesHaveTheSameShapeButDifferentContent() {
        for (String version : List.of("baileys7", "baileys6")) {
            JsonNode v = facts.get(version);
            assertEquals(236, v.get("singleByteTokens").asInt(), version);
            assertEquals(4, v.get("doubleByteDictionaries").asInt(), version);
            assertEquals(1024, v.get("doubleByteTokens").asInt(), version);
        }
        assertNotEquals(facts.at("/baileys7/singleByteSha256").asText(), facts.at("/baileys6/singleByteSha256").asText(),
                "v2 and v3 single-byte lists must differ");
    }
}
