package io.wabridge.client.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A small mutation fuzzer for the input boundaries (run as plain JUnit tests, so CI needs nothing else).
 *
 * <p>Each target first runs its committed regression corpus ({@code src/test/resources/fuzz/<target>/}, one input per
 * file: {@code .hex} text with {@code #} comments, any other file (such as {@code .bin} or {@code .json}) taken
 * byte for byte, {@code .md} ignored) and the seeds its test generates, unchanged;
 * then it mutates them (bit flips, interesting bytes and integers, inserts, deletes, duplicated and spliced ranges,
 * the target's dictionary tokens; one to six at a time) for a bounded number of executions. Feedback is the outcome:
 * an input whose outcome (the exception class or the target's own label of what it reached) was not seen before
 * joins the working corpus, so later mutations start from every distinct path found so far. Not coverage-guided
 * (Jazzer does not resolve from the registries this build uses), but seeded, reproducible and cheap.
 *
 * <p>The invariant is the target's: it returns normally or throws one of its documented exceptions ({@link
 * Builder#allow}); anything else (another exception, an {@link Error} such as {@link StackOverflowError} or {@link
 * OutOfMemoryError}) fails the test with the seed, the execution number and the input, which is also written to
 * {@code target/fuzz-failures/<target>-<sha>.bin} ready to be committed as a regression seed.
 *
 * <p>System properties: {@code wabridge.fuzz.iterations} (executions per target; the CI default is each test's own,
 * a few seconds), {@code wabridge.fuzz.seconds} (run each target for this long instead), {@code wabridge.fuzz.seed}
 * (default fixed, so CI is reproducible; {@code random} picks one and prints it), {@code wabridge.fuzz.save} (a
 * directory: inputs with a new outcome are written there, to grow the committed corpus).
 */
public final class Fuzzer {

    /** What is fed one input. Return a label of what the input reached (new labels count as progress) or null. */
    @FunctionalInterface
    public interface Target {
        String run(byte[] input) throws Throwable;
    }

    private static final int[] INTERESTING_BYTES = {0, 1, 2, 0x7f, 0x80, 0xff, 0xfe, 0x10, 0x20, 0x40, 0xf8, 0xf9,
            0xfa, 0xfb, 0xfc, 0xfd, 0x0a, 0x12, 0x1a, 0x22, 0x08};
    private static final long[] INTERESTING_INTS = {0, 1, -1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
            0x7fffffffL, 0x80000000L, 0xffffffffL, 0xffffff, 0x400000};

    private final String name;
    private final Target target;
    private final List<Predicate<Throwable>> allowed;
    private final List<java.util.function.Function<Throwable, String>> labels;
    private final List<byte[]> seeds;
    private final List<byte[]> tokens;
    private final int maxLength;
    private final long iterations;
    private final long seconds;
    private final long seed;
    private final Path saveTo;

    private Fuzzer(Builder b) {
        this.name = b.name;
        this.target = b.target;
        this.allowed = List.copyOf(b.allowed);
        this.labels = List.copyOf(b.labels);
        this.seeds = List.copyOf(b.seeds);
        this.tokens = List.copyOf(b.tokens);
        this.maxLength = b.maxLength;
        this.iterations = Long.getLong("wabridge.fuzz.iterations", b.iterations);
        this.seconds = Long.getLong("wabridge.fuzz.seconds", 0L);
        this.seed = seedOf(b.name);
        String save = System.getProperty("wabridge.fuzz.save", "");
        this.saveTo = save.isEmpty() ? null : Path.of(save, b.name);
    }

    /** The random seed of a target (for fuzz loops of their own that follow the same properties). */
    public static long seedOf(String name) {
        String seedProperty = System.getProperty("wabridge.fuzz.seed", "");
        return seedProperty.isEmpty() ? 0x5EEDL ^ name.hashCode()
                : seedProperty.equals("random") ? new Random().nextLong() : Long.decode(seedProperty);
    }

    /** Executions of a target: {@code wabridge.fuzz.iterations}, else the default given. */
    public static long iterationsOr(long ciDefault) {
        return Long.getLong("wabridge.fuzz.iterations", ciDefault);
    }

    public static Builder target(String name, Target target) {
        return new Builder(name, target);
    }

    /** Configures one target. */
    public static final class Builder {
        private final String name;
        private final Target target;
        private final List<Predicate<Throwable>> allowed = new ArrayList<>();
        private final List<java.util.function.Function<Throwable, String>> labels = new ArrayList<>();
        private final List<byte[]> seeds = new ArrayList<>();
        private final List<byte[]> tokens = new ArrayList<>();
        private int maxLength = 64 * 1024;
        private long iterations = 5_000;

        private Builder(String name, Target target) {
            this.name = name;
            this.target = target;
        }

        /** A documented failure: thrown for bad input, it is an accepted outcome. */
        public Builder allow(Class<? extends Throwable> type) {
            allowed.add(type::isInstance);
            return this;
        }

        /** A documented failure with a condition (e.g. one of some error codes). */
        public <T extends Throwable> Builder allow(Class<T> type, Predicate<T> when) {
            allowed.add(t -> type.isInstance(t) && when.test(type.cast(t)));
            return this;
        }

        /** How an allowed failure of this type is labelled in the outcomes (default: its class name). */
        public <T extends Throwable> Builder label(Class<T> type, java.util.function.Function<T, String> label) {
            labels.add(t -> type.isInstance(t) ? label.apply(type.cast(t)) : null);
            return this;
        }

        public Builder seed(byte[] input) {
            seeds.add(input.clone());
            return this;
        }

        public Builder seeds(List<byte[]> inputs) {
            inputs.forEach(this::seed);
            return this;
        }

        /** Byte strings that mean something to the target (field names, tags, markers), inserted by mutations. */
        public Builder token(String token) {
            tokens.add(token.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Builder token(byte[] token) {
            tokens.add(token.clone());
            return this;
        }

        /** Longest mutated input (inputs stay bounded whatever the mutations stack up). */
        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Executions in a default (CI) run, on top of the corpus. */
        public Builder iterations(long iterations) {
            this.iterations = iterations;
            return this;
        }

        public Report run() {
            return new Fuzzer(this).run();
        }
    }

    /** What a run did: executions and how often each outcome happened. */
    public record Report(String name, long seed, long executions, int corpusFiles, Map<String, Long> outcomes) {
        public long count(String outcome) {
            return outcomes.getOrDefault(outcome, 0L);
        }

        /** How many executions ended in an outcome whose label starts with the prefix. */
        public long countStartingWith(String prefix) {
            return outcomes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        @Override
        public String toString() {
            return "fuzz " + name + ": seed " + seed + ", " + executions + " executions (" + corpusFiles
                    + " corpus files), outcomes " + outcomes;
        }
    }

    private Report run() {
        List<byte[]> corpus = new ArrayList<>(loadCorpus(name));
        int corpusFiles = corpus.size();
        corpus.addAll(seeds);
        if (corpus.isEmpty()) {
            corpus.add(new byte[0]);
        }
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, byte[]> firstOf = new LinkedHashMap<>();
        long executions = 0;
        for (byte[] input : List.copyOf(corpus)) {
            record(outcomes, firstOf, corpus, input, execute(input, executions++, "corpus"));
        }
        Random random = new Random(seed);
        long deadline = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
        long limit = seconds > 0 ? Long.MAX_VALUE : iterations;
        for (long i = 0; i < limit && System.nanoTime() < deadline; i++) {
            byte[] parent = corpus.get(random.nextInt(corpus.size()));
            byte[] input = mutate(random, parent, corpus);
            record(outcomes, firstOf, corpus, input, execute(input, executions++, "mutation"));
        }
        Report report = new Report(name, seed, executions, corpusFiles, outcomes);
        System.out.println(report);
        return report;
    }

    private void record(Map<String, Long> outcomes, Map<String, byte[]> firstOf, List<byte[]> corpus, byte[] input,
                        String outcome) {
        outcomes.merge(outcome, 1L, Long::sum);
        if (!firstOf.containsKey(outcome)) {
            firstOf.put(outcome, input);
            corpus.add(input);
            save(input);
        }
    }

    private String execute(byte[] input, long execution, String kind) {
        try {
            String label = target.run(input.clone());
            return label == null ? "ok" : label;
        } catch (Throwable t) {
            for (Predicate<Throwable> p : allowed) {
                if (p.test(t)) {
                    for (var label : labels) {
                        String l = label.apply(t);
                        if (l != null) {
                            return l;
                        }
                    }
                    return t.getClass().getSimpleName();
                }
            }
            Path written = writeFailure(input);
            String hex = HexFormat.of().formatHex(input);
            throw new AssertionError("fuzz target " + name + " (seed " + seed + ", execution " + execution + ", "
                    + kind + ") threw an undocumented " + t + " on " + input.length + " bytes "
                    + (hex.length() > 2000 ? hex.substring(0, 2000) + "..." : hex) + "; input written to " + written
                    + " (commit it under src/test/resources/fuzz/" + name + "/ once fixed)", t);
        }
    }

    private byte[] mutate(Random random, byte[] parent, List<byte[]> corpus) {
        byte[] b = parent;
        int count = 1 + random.nextInt(random.nextInt(4) == 0 ? 6 : 2);
        for (int m = 0; m < count; m++) {
            b = mutateOnce(random, b, corpus);
        }
        return b.length > maxLength ? Arrays.copyOf(b, maxLength) : b;
    }

    private byte[] mutateOnce(Random random, byte[] b, List<byte[]> corpus) {
        int n = b.length;
        switch (random.nextInt(n == 0 ? 3 : 12)) {
            case 0 -> { // insert random bytes
                return insert(b, random.nextInt(n + 1), randomBytes(random, 1 + random.nextInt(8)));
            }
            case 1 -> { // insert a token
                byte[] token = tokens.isEmpty() ? randomBytes(random, 4) : tokens.get(random.nextInt(tokens.size()));
                return insert(b, random.nextInt(n + 1), token);
            }
            case 2 -> { // splice with another input
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int cut = random.nextInt(n + 1);
                int from = random.nextInt(other.length + 1);
                byte[] out = Arrays.copyOf(b, cut + other.length - from);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
            case 3 -> { // flip a bit
                byte[] out = b.clone();
                out[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 4 -> { // random byte
                byte[] out = b.clone();
                out[random.nextInt(n)] = (byte) random.nextInt(256);
                return out;
            }
            case 5 -> { // interesting byte
                byte[] out = b.clone();
                out[random.nextInt(n)] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                return out;
            }
            case 6 -> { // interesting big-endian integer of 1-4 bytes, or a varint
                byte[] value = random.nextBoolean() ? bigEndian(random) : varint(INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)]);
                int at = random.nextInt(n);
                byte[] out = b.clone();
                System.arraycopy(value, 0, out, at, Math.min(value.length, n - at));
                return out;
            }
            case 7 -> { // delete a range
                int at = random.nextInt(n);
                int len = 1 + random.nextInt(Math.min(16, n - at));
                byte[] out = new byte[n - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, n - at - len);
                return out;
            }
            case 8 -> { // duplicate a range
                int at = random.nextInt(n);
                int len = 1 + random.nextInt(Math.min(64, n - at));
                return insert(b, random.nextInt(n + 1), Arrays.copyOfRange(b, at, at + len));
            }
            case 9 -> { // truncate
                return Arrays.copyOf(b, random.nextInt(n));
            }
            case 10 -> { // overwrite with a token
                byte[] token = tokens.isEmpty() ? randomBytes(random, 2) : tokens.get(random.nextInt(tokens.size()));
                int at = random.nextInt(n);
                byte[] out = b.clone();
                System.arraycopy(token, 0, out, at, Math.min(token.length, n - at));
                return out;
            }
            default -> { // swap two bytes
                byte[] out = b.clone();
                int i = random.nextInt(n);
                int j = random.nextInt(n);
                byte t = out[i];
                out[i] = out[j];
                out[j] = t;
                return out;
            }
        }
    }

    private static byte[] bigEndian(Random random) {
        long v = INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
        int width = 1 + random.nextInt(4);
        byte[] out = new byte[width];
        for (int i = 0; i < width; i++) {
            out[width - 1 - i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    private static byte[] varint(long v) {
        byte[] out = new byte[10];
        int i = 0;
        while ((v & ~0x7fL) != 0) {
            out[i++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[i++] = (byte) v;
        return Arrays.copyOf(out, i);
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    /** The committed corpus of a target, from the test class path ({@code fuzz/<name>/}); empty when none. */
    public static List<byte[]> loadCorpus(String name) {
        URL url = Thread.currentThread().getContextClassLoader().getResource("fuzz/" + name);
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return read(fs.provider().getPath(uri));
            }
            return read(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the fuzz corpus " + url, e);
        }
    }

    private static List<byte[]> read(Path dir) throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".hex")) {
                    inputs.add(parseHex(Files.readString(file)));
                } else if (!fileName.endsWith(".md") && Files.isRegularFile(file)) {
                    inputs.add(Files.readAllBytes(file)); // .bin, .json, ...: the bytes as they are
                }
            }
        }
        return inputs;
    }

    /** Hex with whitespace and {@code #} comments to the end of a line. */
    public static byte[] parseHex(String text) {
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            hex.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(hex);
    }

    private void save(byte[] input) {
        if (saveTo == null) {
            return;
        }
        try {
            Files.createDirectories(saveTo);
            Files.write(saveTo.resolve(sha(input) + ".bin"), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeFailure(byte[] input) {
        try {
            Path dir = Path.of("target", "fuzz-failures");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + "-" + sha(input) + ".bin");
            Files.write(file, input);
            return file.toAbsolutePath();
        } catch (IOException e) {
            return Path.of("(not written: " + e + ")");
        }
    }

    private static String sha(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
