package io.wabridge.client.appstate;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.IndexValueMac;
import io.wabridge.proto.wa.SyncActionData;
import io.wabridge.proto.wa.SyncdMutation;
import io.wabridge.proto.wa.SyncdPatch;
import io.wabridge.proto.wa.SyncdRecord;
import io.wabridge.proto.wa.SyncdSnapshot;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies and decrypts snapshots and patches, computing the collection's next state without touching the store:
 * every value MAC, index MAC, the LTHash against the snapshot MAC and the patch MAC must verify, or nothing is
 * returned (strict where whatsmeow is; Baileys skips records whose MAC fails, we refuse the patch and resync).
 */
public final class PatchDecoder {

    /** Sync keys by id. */
    public interface Keys {
        Optional<MutationKeys> get(byte[] keyId);
    }

    /** The stored value MACs of these index MACs (absent ones left out). */
    public interface PriorMacs {
        List<IndexValueMac> load(Collection<byte[]> indexMacs);
    }

    /**
     * A verified patch or snapshot, ready for {@code AppStateVersionStore.apply}.
     *
     * @param next      the collection's new version and LTHash
     * @param replace   a snapshot: every earlier value MAC goes
     * @param removes   index MACs removed (net)
     * @param puts      index MACs set, with their value MAC (net)
     * @param mutations the decrypted mutations in patch order
     */
    public record Result(AppStateVersion next, boolean replace, List<byte[]> removes, List<IndexValueMac> puts,
                         List<Mutation> mutations) {}

    private final Keys keys;

    public PatchDecoder(Keys keys) {
        this.keys = keys;
    }

    /** A snapshot: the collection rebuilt from nothing at the snapshot's version. */
    public Result snapshot(String collection, SyncdSnapshot snapshot) throws AppStateException {
        long version = snapshot.getVersion().getVersion();
        List<MacChange> changes = new ArrayList<>(snapshot.getRecordsCount());
        List<Mutation> mutations = new ArrayList<>(snapshot.getRecordsCount());
        for (SyncdRecord record : snapshot.getRecordsList()) {
            Decoded d = decode(collection, version, true, record);
            changes.add(new MacChange(d.indexMac, d.valueMac, true));
            mutations.add(d.mutation);
        }
        Mixed mixed = mix(LtHash.empty(), changes, indexMacs -> List.of());
        byte[] hash = mixed.hash;
        MutationKeys snapshotKeys = key(collection, version, snapshot.getKeyId().getId().toByteArray());
        byte[] expected = SyncdCrypto.snapshotMac(snapshotKeys, hash, version, collection);
        if (!MessageDigest.isEqual(expected, snapshot.getMac().toByteArray())) {
            throw AppStateException.mac(collection, version, "snapshot LTHash does not match its MAC");
        }
        return new Result(new AppStateVersion(collection, version, hash), true, List.of(), mixed.puts, mutations);
    }

    /**
     * A patch on top of {@code current} (version 0 and a zero hash if the collection is new). {@code patch} carries
     * its mutations inline (external ones already fetched into {@code mutations}).
     */
    public Result patch(String collection, AppStateVersion current, SyncdPatch patch, List<SyncdMutation> mutations,
                        PriorMacs prior) throws AppStateException {
        long version = patch.getVersion().getVersion();
        if (version <= current.version()) {
            throw AppStateException.malformed(collection, version, "patch version is not above the stored " + current.version());
        }
        MutationKeys patchKeys = key(collection, version, patch.getKeyId().getId().toByteArray());
        List<Decoded> decoded = new ArrayList<>(mutations.size());
        List<byte[]> valueMacs = new ArrayList<>(mutations.size());
        for (SyncdMutation m : mutations) {
            boolean set = m.getOperation() == SyncdMutation.SyncdOperation.SET;
            Decoded d = decode(collection, version, set, m.getRecord());
            decoded.add(d);
            valueMacs.add(d.valueMac);
        }
        List<Mutation> out = new ArrayList<>(decoded.size());
        List<MacChange> changes = new ArrayList<>(decoded.size());
        for (Decoded d : decoded) {
            changes.add(new MacChange(d.indexMac, d.valueMac, d.mutation.set()));
            out.add(d.mutation);
        }
        Mixed mixed = mix(current.hash(), changes, prior);
        byte[] hash = mixed.hash;
        byte[] snapshotMac = SyncdCrypto.snapshotMac(patchKeys, hash, version, collection);
        if (!MessageDigest.isEqual(snapshotMac, patch.getSnapshotMac().toByteArray())) {
            throw AppStateException.mac(collection, version, "LTHash after the patch does not match its snapshot MAC");
        }
        byte[] patchMac = SyncdCrypto.patchMac(patchKeys, snapshotMac, valueMacs, version, collection);
        if (!MessageDigest.isEqual(patchMac, patch.getPatchMac().toByteArray())) {
            throw AppStateException.mac(collection, version, "patch MAC does not verify");
        }
        return new Result(new AppStateVersion(collection, version, hash), false, mixed.removes, mixed.puts, out);
    }

    /** One mutation's effect on the value MACs. */
    record MacChange(byte[] indexMac, byte[] valueMac, boolean set) {}

    /** A hash after some changes, and the net MAC changes. */
    record Mixed(byte[] hash, List<byte[]> removes, List<IndexValueMac> puts) {}

    /**
     * Applies {@code changes} in order to a copy of {@code hash}: each subtracts the previous value MAC of its index
     * (earlier in the same list, else stored), a SET adds its own. A REMOVE without a previous value subtracts
     * nothing (WhatsApp Web, Baileys); the snapshot MAC check then decides.
     */
    static Mixed mix(byte[] hash, List<MacChange> changes, PriorMacs prior) {
        List<byte[]> indexMacs = new ArrayList<>(changes.size());
        changes.forEach(c -> indexMacs.add(c.indexMac));
        Map<Bytes, byte[]> state = new HashMap<>();
        for (IndexValueMac stored : prior.load(indexMacs)) {
            state.put(new Bytes(stored.indexMac()), stored.valueMac());
        }
        Map<Bytes, byte[]> changed = new LinkedHashMap<>(); // null value: removed
        byte[] next = hash.clone();
        for (MacChange c : changes) {
            Bytes key = new Bytes(c.indexMac);
            byte[] previous = state.get(key);
            if (previous != null) {
                LtHash.subtract(next, previous);
            }
            if (c.set) {
                LtHash.add(next, c.valueMac);
                state.put(key, c.valueMac);
            } else {
                state.remove(key);
            }
            changed.put(key, c.set ? c.valueMac : null);
        }
        List<byte[]> removes = new ArrayList<>();
        List<IndexValueMac> puts = new ArrayList<>();
        changed.forEach((k, v) -> {
            if (v == null) {
                removes.add(k.bytes());
            } else {
                puts.add(new IndexValueMac(k.bytes(), v));
            }
        });
        return new Mixed(next, removes, puts);
    }

    private record Decoded(byte[] indexMac, byte[] valueMac, Mutation mutation) {}

    private Decoded decode(String collection, long version, boolean set, SyncdRecord record) throws AppStateException {
        byte[] keyId = record.getKeyId().getId().toByteArray();
        MutationKeys k = key(collection, version, keyId);
        byte[] blob = record.getValue().getBlob().toByteArray();
        if (blob.length < SyncdCrypto.IV_LENGTH + 16 + SyncdCrypto.VALUE_MAC_LENGTH) {
            throw AppStateException.malformed(collection, version, "value blob of " + blob.length + " bytes is too short");
        }
        byte[] content = Arrays.copyOf(blob, blob.length - SyncdCrypto.VALUE_MAC_LENGTH);
        byte[] valueMac = Arrays.copyOfRange(blob, blob.length - SyncdCrypto.VALUE_MAC_LENGTH, blob.length);
        if (!MessageDigest.isEqual(valueMac, SyncdCrypto.valueMac(k, set, content, keyId))) {
            throw AppStateException.mac(collection, version, "value MAC of a mutation does not verify");
        }
        SyncActionData data;
        try {
            data = SyncActionData.parseFrom(SyncdCrypto.decryptValue(k, content));
        } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
            throw AppStateException.malformed(collection, version, "a mutation value does not decrypt: " + e.getMessage());
        }
        byte[] indexMac = record.getIndex().getBlob().toByteArray();
        ByteString index = data.getIndex();
        if (!MessageDigest.isEqual(indexMac, SyncdCrypto.indexMac(k, index.toByteArray()))) {
            throw AppStateException.mac(collection, version, "index MAC of a mutation does not verify");
        }
        List<String> parts;
        try {
            parts = IndexJson.parse(index.toByteArray());
        } catch (IllegalArgumentException e) {
            throw AppStateException.malformed(collection, version, "a mutation index is not a JSON array: " + e.getMessage());
        }
        return new Decoded(indexMac, valueMac, new Mutation(collection, set, parts, data.getValue(), data.getVersion()));
    }

    private MutationKeys key(String collection, long version, byte[] keyId) throws AppStateException {
        return keys.get(keyId).orElseThrow(() -> AppStateException.missingKey(collection, version, keyId));
    }
}
