package io.wabridge.client.group;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.session.ExpiringLru;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Per account: the metadata of the groups we send to and, once resolved, the devices of their members (so a send
 * to a big group does not query usync for every member again while the account's per-user device cache is
 * smaller than the group). Bounded (least recently used out) and expiring; a group is dropped on its {@code w:gp2}
 * notifications and on a {@code phash} mismatch, and every group with a member whose device list changed is
 * dropped on that devices notification. Used on the account's serial executor only.
 */
final class GroupCache {

    private static final class Entry {
        final GroupInfo info;
        final boolean announcement;
        final Set<Jid> users;
        List<Jid> devices;

        Entry(GroupInfo info, boolean announcement) {
            this.info = info;
            this.announcement = announcement;
            this.users = new HashSet<>();
            for (GroupInfo.Participant p : info.participants()) {
                users.add(p.jid());
                if (p.pn() != null) {
                    users.add(p.pn());
                }
                if (p.lid() != null) {
                    users.add(p.lid());
                }
            }
        }
    }

    private final ExpiringLru<Jid, Entry> entries;
    private final List<Jid> keys = new ArrayList<>();

    GroupCache(int maxGroups, Duration ttl, Clock clock) {
        this.entries = new ExpiringLru<>(maxGroups, ttl, clock);
    }

    GroupInfo info(Jid group) {
        Entry e = entries.get(group);
        return e == null ? null : e.info;
    }

    /** The resolved devices of the group's members (without our own device), or null. */
    List<Jid> devices(Jid group) {
        Entry e = entries.get(group);
        return e == null ? null : e.devices;
    }

    /** Whether the cached group is in announcement mode (only admins send); false when not cached. */
    boolean announcement(Jid group) {
        Entry e = entries.get(group);
        return e != null && e.announcement;
    }

    void put(GroupInfo info) {
        put(info, false);
    }

    void put(GroupInfo info, boolean announcement) {
        entries.put(info.jid(), new Entry(info, announcement));
        if (!keys.contains(info.jid())) {
            keys.add(info.jid());
        }
    }

    void putDevices(Jid group, GroupInfo info, List<Jid> devices) {
        Entry e = entries.get(group);
        if (e != null && e.info == info) {
            e.devices = List.copyOf(devices);
        }
    }

    void invalidate(Jid group) {
        entries.remove(group);
        keys.remove(group);
    }

    /** A user's device list changed: every cached group it is in resolves its devices again. */
    void userChanged(Jid user) {
        Jid u = user.toNonAd();
        keys.removeIf(group -> {
            Entry e = entries.get(group);
            if (e == null) {
                return true; // expired or evicted
            }
            if (e.users.contains(u)) {
                e.devices = null;
            }
            return false;
        });
    }

    int size() {
        return entries.size();
    }
}
