package io.wabridge.client.group;

import io.wabridge.client.jid.Jid;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which devices hold our current sender key of a group (Baileys' {@code sender-key-memory}, per key id as zapo
 * keeps it), so a send distributes the key only to devices that lack it. In memory, bounded by groups: a
 * forgotten group (or a restart) only costs one redistribution to every device. Used on the account's serial
 * executor only.
 */
final class SenderKeyMemory {

    private record Holders(int keyId, Set<Jid> devices) {}

    private final LinkedHashMap<Jid, Holders> groups;

    SenderKeyMemory(int maxGroups) {
        this.groups = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Jid, Holders> eldest) {
                return size() > maxGroups;
            }
        };
    }

    boolean has(Jid group, int keyId, Jid device) {
        Holders h = groups.get(group);
        return h != null && h.keyId() == keyId && h.devices().contains(device);
    }

    /** {@code devices} received key {@code keyId} (the server acked the stanza that carried it). */
    void add(Jid group, int keyId, Iterable<Jid> devices) {
        Holders h = groups.get(group);
        if (h == null || h.keyId() != keyId) {
            h = new Holders(keyId, new HashSet<>());
            groups.put(group, h);
        }
        for (Jid device : devices) {
            h.devices().add(device);
        }
    }

    /** A device asked for a retry: it gets the key again with the next send. */
    void remove(Jid group, Jid device) {
        Holders h = groups.get(group);
        if (h != null) {
            h.devices().remove(device);
        }
    }

    void forget(Jid group) {
        groups.remove(group);
    }
}
