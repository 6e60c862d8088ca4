package io.wabridge.client.usync;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.client.stanza.StanzaRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The devices a message to some users must be encrypted for: from the {@link DeviceCache}, else one usync query
 * for all the users missing from it. Keeps what WhatsApp clients keep (Baileys {@code extractDeviceJids}): device
 * 0 always, other devices only with a {@code key-index} (the server refuses the rest), never our own device.
 * Runs on the account's serial executor.
 */
public final class DeviceResolver {

    private final DeviceCache cache;
    private final Duration timeout;

    public DeviceResolver(DeviceCache cache, Duration timeout) {
        this.cache = cache;
        this.timeout = timeout;
    }

    public DeviceCache cache() {
        return cache;
    }

    /**
     * Every device of every user (users in order, devices in server order), querying the server for the users
     * not cached.
     *
     * @param me    our own device JID (phone number form)
     * @param myLid our own device JID in LID form, null if unknown
     */
    public CompletableFuture<List<Jid>> devices(StanzaRouter router, List<Jid> users, Jid me, Jid myLid) {
        Map<Jid, List<Jid>> found = new LinkedHashMap<>();
        List<Jid> missing = new ArrayList<>();
        for (Jid user : users) {
            Jid key = user.toNonAd();
            List<Jid> cached = cache.get(key);
            found.put(key, cached);
            if (cached == null) {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return CompletableFuture.completedFuture(flatten(found));
        }
        return router.sendIq(DeviceListQuery.request(missing, router.nextId()), timeout).thenApply(response -> {
            Map<Jid, List<DeviceEntry>> lists = DeviceListQuery.parse(response);
            for (Jid user : missing) {
                List<DeviceEntry> entries = lists.get(user);
                // A user the server returned no list for still gets device 0: the prekey fetch then says why not.
                List<Jid> devices = select(user, entries == null ? List.of() : entries, me, myLid);
                if (entries != null) {
                    cache.put(user, devices);
                }
                found.put(user, devices);
            }
            return flatten(found);
        });
    }

    /** The devices of one user's list that get a copy of a message. */
    public static List<Jid> select(Jid user, List<DeviceEntry> entries, Jid me, Jid myLid) {
        Jid base = user.toNonAd();
        boolean own = me != null && base.sameUser(me) || myLid != null && base.sameUser(myLid);
        int ownDevice = own ? (base.isLid() && myLid != null ? myLid.device() : me.device()) : -1;
        List<Jid> devices = new ArrayList<>(entries.size() + 1);
        boolean primary = false;
        for (DeviceEntry entry : entries) {
            if (entry.id() != 0 && entry.keyIndex() == null) {
                continue;
            }
            if (own && entry.id() == ownDevice) {
                continue;
            }
            if (entry.id() == 0) {
                if (primary) {
                    continue;
                }
                primary = true;
            }
            devices.add(entry.hosted() ? hosted(base, entry.id()) : base.withDevice(entry.id()));
        }
        if (!primary && !(own && ownDevice == 0)) {
            devices.addFirst(base.withDevice(0));
        }
        return devices;
    }

    private static Jid hosted(Jid user, int device) {
        return Jid.ofDevice(user.user(), device, user.isLid() ? JidServer.HOSTED_LID : JidServer.HOSTED);
    }

    private static List<Jid> flatten(Map<Jid, List<Jid>> byUser) {
        List<Jid> all = new ArrayList<>();
        for (List<Jid> devices : byUser.values()) {
            all.addAll(devices);
        }
        return all;
    }
}
