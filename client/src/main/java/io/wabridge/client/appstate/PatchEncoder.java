package io.wabridge.client.appstate;

import com.google.protobuf.ByteString;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.proto.wa.KeyId;
import io.wabridge.proto.wa.SyncActionData;
import io.wabridge.proto.wa.SyncdIndex;
import io.wabridge.proto.wa.SyncdMutation;
import io.wabridge.proto.wa.SyncdPatch;
import io.wabridge.proto.wa.SyncdRecord;
import io.wabridge.proto.wa.SyncdValue;
import io.wabridge.proto.wa.SyncdVersion;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the patch for our own chat actions on one collection (protocol notes 3.7): each action becomes a SET
 * mutation (JSON index, SyncActionData with the timestamp, random IV, value and index MAC) under the newest sync
 * key; the LTHash moves from the stored state, the version to V+1, and the snapshot and patch MACs are computed
 * for V+1 so the server and the other devices verify it.
 */
public final class PatchEncoder {

    /** The patch to send and the state it leads to (already verified by decoding it again). */
    public record Encoded(SyncdPatch patch, PatchDecoder.Result result) {}

    private final SecureRandom random;

    public PatchEncoder(SecureRandom random) {
        this.random = random;
    }

    /**
     * @param current   the collection's stored state (version 0, zero hash when new)
     * @param keyId     the sync key to encrypt with (the newest)
     * @param keys      that key's expansion
     * @param timestamp the actions' time, epoch milliseconds
     */
    public Encoded encode(AppStateCollection collection, AppStateVersion current, List<ChatAction> actions, byte[] keyId,
                          MutationKeys keys, long timestamp, PatchDecoder.PriorMacs prior, PatchDecoder decoder)
            throws AppStateException {
        String name = collection.wireName();
        long version = current.version() + 1;
        List<SyncdMutation> mutations = new ArrayList<>(actions.size());
        List<PatchDecoder.MacChange> changes = new ArrayList<>(actions.size());
        List<byte[]> valueMacs = new ArrayList<>(actions.size());
        ByteString keyIdBytes = ByteString.copyFrom(keyId);
        for (ChatAction action : actions) {
            if (action.collection() != collection) {
                throw new IllegalArgumentException(action.index() + " belongs to " + action.collection() + ", not " + collection);
            }
            byte[] index = IndexJson.encode(action.index());
            SyncActionData data = SyncActionData.newBuilder().setIndex(ByteString.copyFrom(index))
                    .setValue(action.value().toBuilder().setTimestamp(timestamp)).setPadding(ByteString.EMPTY)
                    .setVersion(action.version()).build();
            byte[] iv = new byte[SyncdCrypto.IV_LENGTH];
            random.nextBytes(iv);
            byte[] content = SyncdCrypto.encryptValue(keys, iv, data.toByteArray());
            byte[] valueMac = SyncdCrypto.valueMac(keys, true, content, keyId);
            byte[] indexMac = SyncdCrypto.indexMac(keys, index);
            byte[] blob = new byte[content.length + valueMac.length];
            System.arraycopy(content, 0, blob, 0, content.length);
            System.arraycopy(valueMac, 0, blob, content.length, valueMac.length);
            mutations.add(SyncdMutation.newBuilder().setOperation(SyncdMutation.SyncdOperation.SET)
                    .setRecord(SyncdRecord.newBuilder().setIndex(SyncdIndex.newBuilder().setBlob(ByteString.copyFrom(indexMac)))
                            .setValue(SyncdValue.newBuilder().setBlob(ByteString.copyFrom(blob)))
                            .setKeyId(KeyId.newBuilder().setId(keyIdBytes))).build());
            changes.add(new PatchDecoder.MacChange(indexMac, valueMac, true));
            valueMacs.add(valueMac);
        }
        byte[] hash = PatchDecoder.mix(current.hash(), changes, prior).hash();
        byte[] snapshotMac = SyncdCrypto.snapshotMac(keys, hash, version, name);
        byte[] patchMac = SyncdCrypto.patchMac(keys, snapshotMac, valueMacs, version, name);
        SyncdPatch patch = SyncdPatch.newBuilder().addAllMutations(mutations)
                .setSnapshotMac(ByteString.copyFrom(snapshotMac)).setPatchMac(ByteString.copyFrom(patchMac))
                .setKeyId(KeyId.newBuilder().setId(keyIdBytes)).build();
        // decoding our own patch checks it and yields the state and mutations to apply once the server took it
        PatchDecoder.Result result = decoder.patch(name, current,
                patch.toBuilder().setVersion(SyncdVersion.newBuilder().setVersion(version)).build(), mutations, prior);
        return new Encoded(patch, result);
    }
}
