package io.wabridge.client.appstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.IndexValueMac;
import io.wabridge.proto.wa.SyncdPatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Known answers from Baileys 6 and 7's chat-utils (Baileys 7 through whatsapp-rust-bridge), produced by
 * {@code conformance/harness/appstate.mjs} on {@code baileys-vectors-input.json} (key data 0x11 x 32, key id
 * 000000010203): the mutation-key expansion, LTHash additions and subtractions, and seven chat modifications each
 * Baileys encoded, which our decoder must verify (value, index, snapshot and patch MACs) and end on Baileys' LTHash.
 * Regenerate: {@code node conformance/harness/appstate.mjs <dir with the input as manifest.json>}.
 */
class AppStateKnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();
    static final byte[] KEY_DATA = filled(0x11, 32);
    static final byte[] KEY_ID = HEX.parseHex("000000010203");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

    @Test
    void mutationKeysExpandAsBaileys7Does() throws IOException {
        Map<String, String> line = lines("keys", "baileys7").getFirst();
        MutationKeys k = MutationKeys.derive(KEY_DATA);
        byte[] ours = concat(k.indexKey(), k.valueEncryptionKey(), k.valueMacKey(), k.snapshotMacKey(), k.patchMacKey());
        assertEquals(line.get("keys"), HEX.formatHex(ours));
    }

    @Test
    void ltHashAddsAndSubtractsAsBothBaileysDo() throws IOException {
        for (String version : List.of("baileys6", "baileys7")) {
            Map<String, String> line = lines("lthash", version).getFirst();
            byte[] hash = LtHash.empty();
            for (int b : new int[] {0xaa, 0xbb, 0xcc}) {
                LtHash.add(hash, filled(b, 32));
            }
            assertEquals(line.get("added"), HEX.formatHex(hash), version);
            LtHash.subtract(hash, filled(0xaa, 32));
            assertEquals(line.get("removed"), HEX.formatHex(hash), version);
        }
    }

    @Test
    void patchesBaileysEncodesVerifyAndEndOnItsLtHash() throws Exception {
        for (String version : List.of("baileys6", "baileys7")) {
            List<Map<String, String>> encoded = lines("encoded", version);
            assertEquals(7, encoded.size(), version);
            Map<String, AppStateVersion> states = new HashMap<>();
            Map<String, Map<String, byte[]>> macs = new HashMap<>();
            PatchDecoder decoder = new PatchDecoder(id -> Arrays.equals(id, KEY_ID)
                    ? Optional.of(MutationKeys.derive(KEY_DATA)) : Optional.empty());
            List<AppStateUpdate> updates = new ArrayList<>();
            for (Map<String, String> line : encoded) {
                String collection = line.get("collection");
                SyncdPatch patch = SyncdPatch.parseFrom(Base64.getDecoder().decode(line.get("patch")));
                AppStateVersion current = states.getOrDefault(collection, new AppStateVersion(collection, 0, LtHash.empty()));
                Map<String, byte[]> stored = macs.computeIfAbsent(collection, c -> new HashMap<>());
                PatchDecoder.Result r = decoder.patch(collection, current, patch, patch.getMutationsList(), indexMacs -> {
                    List<IndexValueMac> found = new ArrayList<>();
                    indexMacs.forEach(i -> {
                        byte[] v = stored.get(HEX.formatHex(i));
                        if (v != null) {
                            found.add(new IndexValueMac(i, v));
                        }
                    });
                    return found;
                });
                assertEquals(line.get("hash"), HEX.formatHex(r.next().hash()), version + " " + collection + " v" + r.next().version());
                states.put(collection, r.next());
                r.removes().forEach(i -> stored.remove(HEX.formatHex(i)));
                r.puts().forEach(p -> stored.put(HEX.formatHex(p.indexMac()), p.valueMac()));
                r.mutations().forEach(m -> updates.add(AppStateUpdate.of(m)));
            }
            String jid = "15550002222@s.whatsapp.net";
            assertEquals(new AppStateUpdate.Archive(jid, true), updates.get(0), version);
            assertEquals(new AppStateUpdate.Pin(jid, true), updates.get(1), version);
            assertEquals(new AppStateUpdate.Mute(jid, true, 1_800_000_000_000L), updates.get(2), version);
            assertEquals(new AppStateUpdate.MarkRead(jid, true), updates.get(3), version);
            assertEquals(new AppStateUpdate.Star(jid, "M1", false, null, true), updates.get(4), version);
            assertEquals(new AppStateUpdate.Archive(jid, false), updates.get(5), version);
            AppStateUpdate.Mute unmute = assertInstanceOf(AppStateUpdate.Mute.class, updates.get(6), version);
            assertFalse(unmute.muted());
            assertTrue(states.get("regular_low").version() >= 4, version);
        }
    }

    static List<Map<String, String>> lines(String kind, String version) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (var in = AppStateKnownAnswerTest.class.getResourceAsStream("baileys-vectors.jsonl");
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = reader.readLine()) != null) {
                Map<String, String> fields = new HashMap<>();
                Matcher m = FIELD.matcher(l);
                while (m.find()) {
                    fields.put(m.group(1), m.group(2));
                }
                if (kind.equals(fields.get("kind")) && version.equals(fields.get("version"))) {
                    out.add(fields);
                }
            }
        }
        return out;
    }

    static byte[] filled(int b, int n) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
