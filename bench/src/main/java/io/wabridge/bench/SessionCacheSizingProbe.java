package io.wabridge.bench;

import io.wabridge.client.MessagingSettings;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.LidPnMapping;
import io.wabridge.client.receive.DecryptRetries;
import io.wabridge.client.send.RetryResender;
import io.wabridge.client.usync.DeviceCache;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The worst case of a session's bounded caches: heap held by one cache filled to its bound with realistic keys
 * (20-hex-digit message ids, phone-number JIDs with 3 devices each, 15-digit LIDs), measured as used heap after GC over many
 * filled instances. An idle session holds none of it (the caches start empty, tables allocated on first use); a
 * busy one holds at most the sum, which the worker's heap must allow per session.
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.SessionCacheSizingProbe [instances 200]
 *       [-Dprobe.decryptRetries=N -Dprobe.resends=N -Dprobe.lidUsers=N: other bounds than the client's]
 * </pre>
 */
public final class SessionCacheSizingProbe {

    /** Same shape as the retry resender's per-(device, message) counts. */
    private record Attempt(Jid device, String id) {
    }

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        MessagingSettings defaults = MessagingSettings.DEFAULTS;
        measure("device cache (" + defaults.deviceCacheUsers() + " users x 3 devices)", instances, () -> {
            DeviceCache cache = new DeviceCache(defaults.deviceCacheUsers(), defaults.deviceCacheTtl(), Clock.systemUTC());
            for (int u = 0; u < defaults.deviceCacheUsers(); u++) {
                String user = phone();
                cache.put(Jid.pn(user), List.of(Jid.ofDevice(user, 0, "s.whatsapp.net"),
                        Jid.ofDevice(user, 1, "s.whatsapp.net"), Jid.ofDevice(user, 2, "s.whatsapp.net")));
            }
            return cache;
        });
        int retries = Integer.getInteger("probe.decryptRetries", DecryptRetries.TRACKED);
        measure("decrypt retry counts (" + retries + " message ids)", instances, () -> {
            DecryptRetries counts = new DecryptRetries(retries);
            for (int i = 0; i < retries; i++) {
                counts.next(messageId(), 0);
            }
            return counts;
        });
        int resends = Integer.getInteger("probe.resends", RetryResender.TRACKED);
        measure("resend counts (" + resends + " device/message pairs, same map shape as RetryResender)", instances, () -> {
            Map<Attempt, Integer> attempts = new LinkedHashMap<>(16, 0.75f, true);
            for (int i = 0; i < resends; i++) {
                attempts.put(new Attempt(Jid.ofDevice(phone(), 1, "s.whatsapp.net"), messageId()), 1);
            }
            return attempts;
        });
        int lidUsers = Integer.getInteger("probe.lidUsers", defaults.lidCacheUsers());
        measure("LID mappings cache (" + lidUsers + " users, each direction, as learnt from messages)", instances, () -> {
            LidMappings lids = new LidMappings("probe", NOWHERE, event -> { }, lidUsers);
            for (int i = 0; i < lidUsers; i++) {
                lids.learn(Jid.pn(phone()), Jid.parse(Long.toString(100_000_000_000_000L
                        + ThreadLocalRandom.current().nextLong(900_000_000_000_000L)) + "@lid"), LidMappings.Source.MESSAGE);
            }
            return lids;
        });
    }

    /** A LID mapping store that keeps nothing: only the cache's own heap is measured. */
    private static final LidMappingStore NOWHERE = new LidMappingStore() {
        @Override
        public void store(LidPnMapping mapping) {
        }

        @Override
        public void storeAll(Collection<LidPnMapping> mappings) {
        }

        @Override
        public Optional<String> lidForPn(String pn) {
            return Optional.empty();
        }

        @Override
        public Optional<String> pnForLid(String lid) {
            return Optional.empty();
        }

        @Override
        public Map<String, String> lidsForPns(Collection<String> pns) {
            return Map.of();
        }

        @Override
        public Map<String, String> pnsForLids(Collection<String> lids) {
            return Map.of();
        }
    };

    private static void measure(String what, int instances, Supplier<Object> filled) throws InterruptedException {
        List<Object> keep = new ArrayList<>(instances);
        long before = usedAfterGc();
        for (int i = 0; i < instances; i++) {
            keep.add(filled.get());
        }
        long after = usedAfterGc();
        System.out.printf("RESULT %s: %.1f KiB per session at its bound%n", what,
                (after - before) / 1024.0 / keep.size());
        keep.clear();
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String phone() {
        return Long.toString(15_550_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L));
    }

    private static String messageId() {
        byte[] b = new byte[10];
        ThreadLocalRandom.current().nextBytes(b);
        return "3EB0" + HexFormat.of().withUpperCase().formatHex(b).substring(4);
    }
}
