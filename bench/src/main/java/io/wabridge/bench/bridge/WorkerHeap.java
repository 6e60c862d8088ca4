package io.wabridge.bench.bridge;

import io.wabridge.testkit.cluster.WorkerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker's live heap: two full collections ({@code jcmd <pid> GC.run}; the first may leave finalizable garbage),
 * then the sum of its {@code jvm_memory_used_bytes{area="heap"}} pools from {@code /q/metrics} (any collector).
 */
public final class WorkerHeap {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private WorkerHeap() {
    }

    /** Bytes of heap in use after full GCs of the worker. */
    public static long usedAfterGc(WorkerProcess worker) throws IOException, InterruptedException {
        jcmd(worker.pid(), "GC.run");
        Thread.sleep(500);
        jcmd(worker.pid(), "GC.run");
        return used(worker);
    }

    /** Bytes of heap in use now (garbage included), as the worker's {@code /q/metrics} reports it. */
    public static long used(WorkerProcess worker) throws IOException, InterruptedException {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(worker.url() + "/q/metrics"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()).body(); // a first scrape of a busy worker is slow
        long used = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no jvm_memory_used_bytes{area=\"heap\"} in " + worker.name() + "'s /q/metrics");
        }
        return used;
    }

    /**
     * The worker's live objects per class after a full GC ({@code jcmd <pid> GC.class_histogram}): class name ->
     * {instances, bytes}.
     */
    public static Map<String, long[]> histogram(long pid) throws IOException, InterruptedException {
        Map<String, long[]> classes = new HashMap<>();
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process p = new ProcessBuilder(java.resolveSibling("jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + out);
        }
        return out;
    }
}
