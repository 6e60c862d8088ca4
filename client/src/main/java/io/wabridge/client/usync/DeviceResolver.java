package io.wabridge.client.usync;

import io.wabridge.client.interop.Leniency;
import io.wabridge.client.interop.LeniencyCounters;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.client.stanza.StanzaRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices a message to some users must be encrypted for: from the {@link DeviceCache}, else one usync query
 * for all the users missing from it. Keeps what WhatsApp clients keep (Baileys {@code extractDeviceJids},
 * whatsmeow {@code parseDeviceList}): only the devices the server lists, device 0 as listed and other devices only
 * with a {@code key-index} (the server refuses the rest), never our own device. A list the server returns empty is
 * cached as empty (its {@code phash} on the next ack says when it changes); a user the answer leaves out gets no
 * devices and is not cached. Runs on the account's serial executor.
 */
public final class DeviceResolver {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceResolver.class);

    /**
     * Users asked for in one usync query. whatsmeow and Baileys ask for all of a send's users in one query; we split a
     * big group's (up to 1,024 users) so each answer is a short task on the session's executor.
     */
    public static final int USERS_PER_QUERY = 128;

    private final DeviceCache cache;
    private final Duration timeout;
    private final LeniencyCounters counters;
    private final Consumer<Jid> ownLid;
    private Consumer<Map<Jid, Jid>> lidsLearned = lids -> { };

    /** @param ownLid told our own LID user when a query answers it while we do not know it (a login without one) */
    public DeviceResolver(DeviceCache cache, Duration timeout, LeniencyCounters counters, Consumer<Jid> ownLid) {
        this.cache = cache;
        this.timeout = timeout;
        this.counters = counters;
        this.ownLid = ownLid;
    }

    /** Sets the one listener told of the phone-number user -> LID user pairs every usync answer names. */
    public void onLidsLearned(Consumer<Map<Jid, Jid>> listener) {
        this.lidsLearned = java.util.Objects.requireNonNull(listener, "listener");
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
        if (missing.size() <= USERS_PER_QUERY) {
            return query(router, missing, me, myLid, found).thenApply(v -> flatten(found));
        }
        List<CompletableFuture<Void>> chunks = new ArrayList<>();
        for (int from = 0; from < missing.size(); from += USERS_PER_QUERY) {
            chunks.add(query(router, missing.subList(from, Math.min(missing.size(), from + USERS_PER_QUERY)), me, myLid,
                    found));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(v -> flatten(found));
    }

    /**
     * One usync query for {@code missing}; its answer goes into {@code found} (in place: answers are handled on the
     * session's executor) and the cache, so the users of a query that did answer are not asked again by the next send
     * even when another query of the same send failed.
     */
    private CompletableFuture<Void> query(StanzaRouter router, List<Jid> missing, Jid me, Jid myLid,
                                          Map<Jid, List<Jid>> found) {
        // Ask for the LIDs of phone-number users too (as Baileys always does): they feed the session's LID mappings,
        // and without our own LID (a login that had none) our own entry teaches it.
        Jid ownUser = me == null ? null : me.toNonAd();
        boolean learnLid = myLid == null && ownUser != null && missing.contains(ownUser);
        boolean askLids = learnLid || missing.stream().anyMatch(Jid::isPn);
        return router.sendIq(DeviceListQuery.request(missing, router.nextId(), askLids), timeout).thenAccept(response -> {
            Map<Jid, List<DeviceEntry>> lists = DeviceListQuery.parse(response);
            if (askLids) {
                Map<Jid, Jid> lids = DeviceListQuery.parseLids(response);
                Jid lid = learnLid ? lids.get(ownUser) : null;
                if (lid != null) {
                    ownLid.accept(lid);
                }
                if (!lids.isEmpty()) {
                    try {
                        lidsLearned.accept(lids);
                    } catch (RuntimeException e) {
                        if (e instanceof io.wabridge.client.store.StoreFencedException) {
                            throw e;
                        }
                        LOG.warn("LID mappings of a usync answer could not be kept", e);
                    }
                }
            }
            for (Jid user : missing) {
                List<DeviceEntry> entries = lists.get(user);
                if (entries == null) {
                    counters.count(Leniency.USYNC_USER_MISSING);
                    LOG.debug("usync answer lists no devices entry for {}: no devices", user);
                    found.put(user, List.of());
                    continue;
                }
                List<Jid> devices = select(user, entries, me, myLid);
                cache.put(user, devices);
                found.put(user, devices);
            }
        });
    }

    /** The devices of one user's list that get a copy of a message. */
    public static List<Jid> select(Jid user, List<DeviceEntry> entries, Jid me, Jid myLid) {
        Jid base = user.toNonAd();
        boolean own = me != null && base.sameUser(me) || myLid != null && base.sameUser(myLid);
        int ownDevice = own ? (base.isLid() && myLid != null ? myLid.device() : me.device()) : -1;
        List<Jid> devices = new ArrayList<>(entries.size());
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
