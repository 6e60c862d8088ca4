package io.wabridge.bench.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A child JVM's live heap: {@code jcmd <pid> GC.run} (a full collection), then the used heap from {@code GC.heap_info}. */
public final class WorkerHeap {
    /** G1 prints e.g. {@code garbage-first heap   total reserved 4194304K, committed 65536K, used 23807K [...]}. */
    private static final Pattern USED = Pattern.compile("heap\\s+total.*?used (\\d+)K");

    private WorkerHeap() {
    }

    /** Bytes of heap in use after full GCs of process {@code pid} (two: the first may leave finalizable garbage). */
    public static long usedAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Thread.sleep(500);
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no used heap in GC.heap_info of " + pid + ":\n" + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path jcmd = java.resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + out);
        }
        return out;
    }
}
