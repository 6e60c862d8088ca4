package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.binary.MalformedNodeException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.binary.NodeEncodingException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential fuzz of our binary node codec against Baileys' (Baileys 7 for dictionary 3, Baileys 6 for
 * dictionary 2), on {@value #DEFAULT_NODES} seeded random nodes per version from {@link FuzzNodes}, which stay inside
 * the space where both are specified to agree, so every mismatch is a bug on one side.
 *
 * <ul>
 * <li>Direction 1: our frame payload, decoded by Baileys, equals the node as it reads back ({@link WireView}).
 * <li>Direction 2: Baileys' frame payload for the same node is byte-identical to ours, our decoder reads it as the
 *     node's read-back, and re-encoding that gives Baileys' bytes again.
 * <li>Every {@value #COMPRESS_EVERY}th node also travels compressed (flag byte 2, zlib) both ways: ours deflated
 *     by the JDK for Baileys to decode, Baileys' deflated by Node's zlib for us to decode.
 * </ul>
 * Dictionary 3 adds {@value #DECODE_ONLY_NODES} nodes with FB_JID / INTEROP_JID values, direction 1 only (Baileys 7
 * decodes those forms but cannot write them). One Node.js process per version handles the whole corpus.
 *
 * <p>{@code -Dwabridge.fuzz.seed=N} picks another corpus, {@code -Dwabridge.fuzz.nodes=N} its size, and
 * {@code -Dwabridge.fuzz.keep=true} keeps the exchanged files after a pass. A failure names the seed, node index,
 * node text and both byte strings; the first few go to {@code target/codec-fuzz/mismatches-vN.txt}, next to the
 * exchanged JSON-lines files, which are kept on failure.
 */
class CodecDifferentialFuzzTest {

    static final int DEFAULT_NODES = 10_000;
    static final int DECODE_ONLY_NODES = 300;
    static final int COMPRESS_EVERY = 10;
    private static final long SEED = Long.getLong("wabridge.fuzz.seed", 0x5EED_C0DEC_2025L);
    private static final int NODES = Integer.getInteger("wabridge.fuzz.nodes", DEFAULT_NODES);
    private static final int REPORTED = 5;
    private static final Duration HARNESS_TIMEOUT = Duration.ofMinutes(3);
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIRECTION_1 = "direction 1 (our bytes, Baileys decodes)";
    private static final String DIRECTION_2 = "direction 2 (Baileys encodes, we decode and re-encode)";

    private static NodeHarness harness;
    private static JsonNode tokenLists;
    private static Path workDir;

    @BeforeAll
    static void loadReferenceTokens() throws IOException {
        harness = NodeHarness.fromEnvironment();
        List<String> lines = harness.run("codec-fuzz.mjs", Duration.ofSeconds(60), "tokens");
        assertEquals(1, lines.size(), () -> "codec-fuzz.mjs tokens must print one line, got " + lines.size());
        tokenLists = JSON.readTree(lines.getFirst());
        workDir = Files.createDirectories(harness.moduleDir().resolve("target/codec-fuzz"));
    }

    @ParameterizedTest(name = "dictionary {0}")
    @ValueSource(ints = {3, 2})
    void ourCodecAndBaileysAgree(int version) throws IOException {
        long started = System.nanoTime();
        ReferenceTokens tokens = ReferenceTokens.fromJson(version, tokenLists.get(String.valueOf(version)));
        NodeCodec codec = NodeCodec.forVersion(version);
        FuzzNodes generator = new FuzzNodes(tokens);
        int decodeOnly = version == 3 ? DECODE_ONLY_NODES : 0;
        int total = NODES + decodeOnly;
        Path in = workDir.resolve("v" + version + "-in.jsonl");
        Path out = workDir.resolve("v" + version + "-out.jsonl");
        Path report = workDir.resolve("mismatches-v" + version + ".txt");
        Files.deleteIfExists(report);

        List<Node> nodes = new ArrayList<>(total);
        List<String> ourHex = new ArrayList<>(total);
        List<CodecMismatch> mismatches = new ArrayList<>();
        long ourBytes = 0;
        try (BufferedWriter writer = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
            for (int i = 0; i < total; i++) {
                Node node = i < NODES ? generator.node(SEED, i) : generator.decodeOnlyNode(SEED, i - NODES);
                ObjectNode line = JSON.createObjectNode();
                line.set("node", WireView.json(node));
                String hex = null;
                try {
                    byte[] frame = codec.encode(node);
                    ourBytes += frame.length;
                    hex = HEX.formatHex(frame);
                    line.put("hex", hex);
                    if (i % COMPRESS_EVERY == 0) {
                        line.put("zhex", HEX.formatHex(compressed(frame)));
                    }
                } catch (NodeEncodingException e) {
                    mismatches.add(mismatch(version, i, node, DIRECTION_1, "our encoder refused the node: "
                            + e.getMessage(), null, null, null, null));
                }
                line.put("decodeOnly", i >= NODES);
                nodes.add(node);
                ourHex.add(hex);
                writer.write(JSON.writeValueAsString(line));
                writer.newLine();
            }
        }
        long generated = System.nanoTime();

        List<String> summary = harness.run("codec-fuzz.mjs", HARNESS_TIMEOUT, "run", String.valueOf(version),
                in.toString(), out.toString());
        long baileysDone = System.nanoTime();

        int[] checked = new int[4]; // direction 1, direction 2, compressed 1, compressed 2
        try (BufferedReader reader = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < total; i++) {
                String text = reader.readLine();
                assertTrue(text != null, () -> "codec-fuzz.mjs wrote fewer lines than nodes; summary " + summary);
                JsonNode result = JSON.readTree(text);
                Node node = nodes.get(i);
                Node expected = WireView.afterWire(node, tokens);
                String ours = ourHex.get(i);
                if (ours != null) {
                    checked[0]++;
                    add(mismatches, baileysDecodes(version, i, node, expected, ours, result, "decoded", ""));
                    if (i % COMPRESS_EVERY == 0) {
                        checked[2]++;
                        add(mismatches, baileysDecodes(version, i, node, expected, ours, result, "zdecoded",
                                " (compressed)"));
                    }
                }
                if (i < NODES) {
                    checked[1]++;
                    add(mismatches, weMatchBaileysBytes(codec, version, i, node, expected, ours, result));
                    if (i % COMPRESS_EVERY == 0 && result.has("zhex")) {
                        checked[3]++;
                        add(mismatches, weDecodeCompressed(codec, version, i, node, expected, ours, result));
                    }
                }
            }
        }
        long compared = System.nanoTime();
        System.out.printf("dictionary %d, seed %d: %d nodes (%d decode-only), %d bytes of ours; checked direction 1:"
                        + " %d (+%d compressed), direction 2: %d (+%d compressed); generate+encode %d ms,"
                        + " Baileys %d ms, compare %d ms; forms %s%n",
                version, SEED, total, decodeOnly, ourBytes, checked[0], checked[2], checked[1], checked[3],
                (generated - started) / 1_000_000, (baileysDone - generated) / 1_000_000,
                (compared - baileysDone) / 1_000_000, generator.counts());

        if (!mismatches.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            mismatches.stream().limit(REPORTED).forEach(m -> sb.append(m.describe(0)).append('\n'));
            Files.writeString(report, sb, StandardCharsets.UTF_8);
            CodecMismatch smallest = mismatches.stream().min(Comparator.comparingInt(CodecMismatch::size))
                    .orElseThrow();
            fail(mismatches.size() + " mismatches between our codec and Baileys (dictionary " + version + ", seed "
                    + SEED + "); the first " + Math.min(REPORTED, mismatches.size()) + " are in " + report
                    + ", the exchanged nodes in " + in + " and " + out + ". The smallest:\n"
                    + smallest.describe(1_000));
        }
        assertEquals(total, checked[0], "nodes Baileys decoded");
        assertEquals(NODES, checked[1], "nodes Baileys encoded");
        assertEquals((total + COMPRESS_EVERY - 1) / COMPRESS_EVERY, checked[2], "compressed frames Baileys decoded");
        assertEquals((NODES + COMPRESS_EVERY - 1) / COMPRESS_EVERY, checked[3], "compressed frames we decoded");
        for (FuzzForm form : FuzzForm.values()) {
            boolean reachable = form.appliesTo(version) && (!form.big() || NODES >= FuzzNodes.NODES_FOR_BIG_FORMS);
            if (reachable) {
                assertTrue(generator.counts().getOrDefault(form, 0) > 0,
                        () -> "the corpus never hit " + form + " in dictionary " + version);
            }
        }
        if (!Boolean.getBoolean("wabridge.fuzz.keep")) {
            Files.delete(in);
            Files.delete(out);
        }
    }

    /** Direction 1: our bytes (plain or compressed), decoded by Baileys, give the node's read-back. */
    private static CodecMismatch baileysDecodes(int version, int index, Node node, Node expected, String ourHex,
            JsonNode result, String field, String variant) {
        JsonNode decoded = result.get(field);
        String theirHex = result.path("hex").asText(null);
        if (decoded == null) {
            String error = result.path(field.replace("decoded", "decode") + "Error").asText("<no result>");
            return mismatch(version, index, node, DIRECTION_1, "Baileys cannot decode our bytes" + variant + ": "
                    + error, ourHex, theirHex, null, null);
        }
        ObjectNode want = WireView.json(expected);
        if (!want.equals(decoded)) {
            return mismatch(version, index, node, DIRECTION_1, "Baileys reads our bytes" + variant
                    + " as another node", ourHex, theirHex, want.toString(), decoded.toString());
        }
        return null;
    }

    /**
     * Direction 2: Baileys' bytes equal ours, our decoder reads them as the node's read-back, and re-encoding that
     * gives Baileys' bytes again.
     */
    private static CodecMismatch weMatchBaileysBytes(NodeCodec codec, int version, int index, Node node, Node expected,
            String ourHex, JsonNode result) {
        JsonNode baileysHex = result.get("hex");
        if (baileysHex == null) {
            return mismatch(version, index, node, DIRECTION_2, "Baileys cannot encode the node: "
                    + result.path("encodeError").asText("<no result>"), ourHex, null, null, null);
        }
        String theirs = baileysHex.asText();
        if (!theirs.equals(ourHex)) {
            return mismatch(version, index, node, DIRECTION_2, "Baileys' bytes differ from ours", ourHex, theirs, null,
                    null);
        }
        CodecMismatch misread = weDecode(codec, version, index, node, expected, ourHex, theirs, theirs, "");
        if (misread != null) {
            return misread;
        }
        String again;
        try {
            again = HEX.formatHex(codec.encode(codec.decode(HEX.parseHex(theirs))));
        } catch (MalformedNodeException | NodeEncodingException e) {
            return mismatch(version, index, node, DIRECTION_2, "cannot re-encode what we decoded: " + e, ourHex,
                    theirs, null, null);
        }
        if (!again.equals(theirs)) {
            return mismatch(version, index, node, DIRECTION_2,
                    "re-encoding what we decoded differs from Baileys' bytes", again, theirs, null, null);
        }
        return null;
    }

    /** Direction 2, compressed: our decoder reads Baileys' frame deflated by Node's zlib as the read-back. */
    private static CodecMismatch weDecodeCompressed(NodeCodec codec, int version, int index, Node node, Node expected,
            String ourHex, JsonNode result) {
        return weDecode(codec, version, index, node, expected, ourHex, result.path("hex").asText(null),
                result.get("zhex").asText(), " (compressed by Node's zlib)");
    }

    private static CodecMismatch weDecode(NodeCodec codec, int version, int index, Node node, Node expected,
            String ourHex, String theirHex, String frameHex, String variant) {
        Node decoded;
        try {
            decoded = codec.decode(HEX.parseHex(frameHex));
        } catch (MalformedNodeException e) {
            return mismatch(version, index, node, DIRECTION_2, "we cannot decode Baileys' bytes" + variant + ": "
                    + e.getMessage(), ourHex, theirHex, null, null);
        }
        if (!decoded.equals(expected)) {
            return mismatch(version, index, node, DIRECTION_2, "we read Baileys' bytes" + variant + " as another node",
                    ourHex, theirHex, WireView.json(expected).toString(), WireView.json(decoded).toString());
        }
        return null;
    }

    /** A frame payload as a compressing sender writes it: flag 2, then the node bytes in zlib format. */
    private static byte[] compressed(byte[] frame) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(frame, 1, frame.length - 1);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length / 2 + 64);
            out.write(2);
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void add(List<CodecMismatch> mismatches, CodecMismatch m) {
        if (m != null) {
            mismatches.add(m);
        }
    }

    private static CodecMismatch mismatch(int version, int index, Node node, String direction, String problem,
            String ourHex, String baileysHex, String expected, String actual) {
        boolean decodeOnly = index >= NODES;
        return new CodecMismatch(version, SEED, decodeOnly ? index - NODES : index, decodeOnly, direction, problem,
                node, ourHex, baileysHex, expected, actual);
    }
}
