package io.wabridge.bench;

import com.google.protobuf.ByteString;
import io.wabridge.client.appstate.AppStateCollection;
import io.wabridge.client.appstate.ChatAction;
import io.wabridge.client.appstate.LtHash;
import io.wabridge.client.appstate.MutationKeys;
import io.wabridge.client.appstate.PatchDecoder;
import io.wabridge.client.appstate.PatchEncoder;
import io.wabridge.client.appstate.SyncdCrypto;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.proto.wa.KeyId;
import io.wabridge.proto.wa.SyncdMutation;
import io.wabridge.proto.wa.SyncdSnapshot;
import io.wabridge.proto.wa.SyncdVersion;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Applying an app-state snapshot of N mutations (default 20,000 contact names, the largest collection real accounts
 * have): parse the snapshot, verify every value and index MAC, decrypt every value, compute the LTHash and check the
 * snapshot MAC ({@code PatchDecoder.snapshot}), then store it as one unit in the memory store
 * ({@code AppStateVersionStore.apply}). Prints the milliseconds per round (median and range) and the peak heap used
 * during a round (sum of the heap pools' peaks after resetting them, so it includes garbage not yet collected: an upper
 * bound), and the load average: figures on a busy machine are upper bounds.
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.AppStateSnapshotProbe [mutations=20000] [rounds=5]
 * </pre>
 */
public final class AppStateSnapshotProbe {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.println("load average at start: " + ProbeSupport.loadAverage() + ", cores "
                + Runtime.getRuntime().availableProcessors() + ", " + Runtime.version() + ", max heap "
                + Runtime.getRuntime().maxMemory() / 1048576 + " MiB");
        SecureRandom random = new SecureRandom();
        byte[] keyId = {0, 0, 0, 1, 2, 3};
        byte[] keyData = new byte[32];
        random.nextBytes(keyData);
        MutationKeys keys = MutationKeys.derive(keyData);
        PatchDecoder decoder = new PatchDecoder(id -> Arrays.equals(id, keyId) ? Optional.of(keys) : Optional.empty());
        String name = AppStateCollection.CRITICAL_UNBLOCK_LOW.wireName();

        List<ChatAction> actions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            actions.add(ChatAction.contactName(String.format("1555%07d@s.whatsapp.net", i), "Contact number " + i, "Contact"));
        }
        var encoded = new PatchEncoder(random).encode(AppStateCollection.CRITICAL_UNBLOCK_LOW,
                new AppStateVersion(name, 0, LtHash.empty()), actions, keyId, keys, System.currentTimeMillis(),
                macs -> List.of(), decoder);
        SyncdSnapshot.Builder snapshot = SyncdSnapshot.newBuilder().setVersion(SyncdVersion.newBuilder().setVersion(n))
                .setKeyId(KeyId.newBuilder().setId(ByteString.copyFrom(keyId)))
                .setMac(ByteString.copyFrom(SyncdCrypto.snapshotMac(keys, encoded.result().next().hash(), n, name)));
        for (SyncdMutation m : encoded.patch().getMutationsList()) {
            snapshot.addRecords(m.getRecord());
        }
        byte[] bytes = snapshot.build().toByteArray();
        System.out.printf("snapshot: %d mutations, %.1f MiB%n", n, bytes.length / 1048576.0);
        actions = null;
        encoded = null;

        List<Double> millis = new ArrayList<>();
        List<Double> peaks = new ArrayList<>();
        for (int r = 0; r < rounds + 1; r++) { // the first round warms up
            MemoryStoreProvider stores = new MemoryStoreProvider();
            AccountStore store = stores.open("probe");
            ProbeSupport.usedHeapAfterGc();
            resetPeaks();
            long t0 = System.nanoTime();
            PatchDecoder.Result result = decoder.snapshot(name, SyncdSnapshot.parseFrom(bytes));
            store.appStateVersions().apply(result.next(), result.replace(), result.removes(), result.puts());
            long t1 = System.nanoTime();
            if (result.mutations().size() != n) {
                throw new IllegalStateException("applied " + result.mutations().size() + " of " + n);
            }
            if (r > 0) {
                millis.add((t1 - t0) / 1e6);
                peaks.add(peakHeap() / 1048576.0);
            }
        }
        System.out.printf("apply %d-mutation snapshot: %s ms (median, range over %d rounds); peak heap during a round %s MiB%n",
                n, ProbeSupport.medianAndRange(millis), rounds, ProbeSupport.medianAndRange(peaks));
        System.out.println("load average at end: " + ProbeSupport.loadAverage());
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
