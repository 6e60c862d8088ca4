package io.wabridge.client.privacy;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.session.OnExecutor;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.PrivacyToken;
import io.wabridge.client.store.PrivacyTokenStore;
import io.wabridge.client.store.StoreFencedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's privacy tokens. Received tokens are stored under the issuing contact's LID when it is known (its
 * phone-number JID otherwise) and looked up under both; a token counts while it is not older than four seven-day
 * buckets (whatsmeow's rule: expired when {@code t < (floor(now / 604800) - 3) * 604800}). Ours are issued to a
 * contact at most once per bucket per contact (remembered in memory, bounded: after a restart one more issue is
 * harmless). Runs on the account's serial executor.
 */
public final class PrivacyTokens {
    private static final Logger LOG = LoggerFactory.getLogger(PrivacyTokens.class);

    /** WhatsApp's token bucket: seven days. */
    public static final long BUCKET_SECONDS = 604_800;
    /** Buckets a token stays valid (the current one and the three before it). */
    public static final int BUCKETS = 4;
    private static final int ISSUED_MEMORY = 1024;

    private final PrivacyTokenStore store;
    private final LidMappings lids;
    private final Clock clock;
    private final Duration iqTimeout;
    private final String sessionId;
    private final LinkedHashMap<Jid, Long> issuedBucket = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Jid, Long> eldest) {
            return size() > ISSUED_MEMORY;
        }
    };

    /**
     * Tokens as the store holds them, by the JID they are stored under (empty: none), the least recently used dropped
     * past {@value #ISSUED_MEMORY}: only this class writes the session's tokens, so a send to a contact reads the
     * store once, not per message. Cleared by {@link #storeWiped()}.
     */
    private final LinkedHashMap<String, Optional<PrivacyToken>> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<PrivacyToken>> eldest) {
            return size() > ISSUED_MEMORY;
        }
    };

    /** Counts the writes (and wipes) of {@link #known}: a read ahead that saw one meanwhile keeps nothing. */
    private long writes;

    public PrivacyTokens(String sessionId, PrivacyTokenStore store, LidMappings lids, Clock clock, Duration iqTimeout) {
        this.sessionId = sessionId;
        this.store = Objects.requireNonNull(store, "store");
        this.lids = Objects.requireNonNull(lids, "lids");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.iqTimeout = Objects.requireNonNull(iqTimeout, "iqTimeout");
    }

    /** Handles {@code <notification type="privacy_token">} on a login connection (always acknowledged). */
    public void install(StanzaRouter router) {
        router.on(StanzaMatcher.tagAndType("notification", "privacy_token"), node -> {
            try {
                received(node);
            } catch (StoreFencedException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("[{}] privacy token notification not kept: {}", sessionId, e.toString());
            }
            router.send(Acks.ackFor(node));
        });
    }

    /**
     * Stores the tokens a {@code privacy_token} notification carries, each unless an equally new or newer one is
     * stored. Malformed entries are skipped.
     *
     * @return how many were stored
     */
    public int received(Node notification) {
        Jid from = Jid.tryParse(notification.attr("from"));
        if (from == null || !(from.isPn() || from.isLid())) {
            return 0;
        }
        lids.learnFromStanza(notification, LidMappings.Source.NOTIFICATION);
        Jid issuer = keyOf(from.toNonAd());
        Node tokens = notification.child("tokens");
        if (tokens == null) {
            return 0;
        }
        PrivacyToken newest = null;
        for (Node token : tokens.children("token")) {
            byte[] bytes = token.bytes();
            String type = token.attr("type", "trusted_contact");
            long t = parseLong(token.attr("t"), -1);
            if (bytes == null || bytes.length == 0 || t < 0 || !"trusted_contact".equals(type)) {
                continue;
            }
            if (newest == null || t >= newest.timestamp().getEpochSecond()) {
                newest = new PrivacyToken(issuer.toString(), bytes, Instant.ofEpochSecond(t));
            }
        }
        if (newest == null) {
            return 0;
        }
        Optional<PrivacyToken> stored = known.get(newest.jid());
        if (stored == null) {
            stored = store.load(newest.jid());
            known.put(newest.jid(), stored);
        }
        if (stored.isPresent() && stored.get().timestamp().isAfter(newest.timestamp())) {
            return 0;
        }
        known.remove(newest.jid()); // unknown until the write is stored
        writes++;
        store.store(newest);
        known.put(newest.jid(), Optional.of(newest));
        return 1;
    }

    /**
     * Reads, on {@code io}, the tokens {@code contact} may have issued us that are not in memory (under its phone
     * number and its LID, as far as the LID mappings in memory know them: look those up ahead first), so that a send
     * to it finds them in memory ({@link #messageChildren}); completes on {@code session}, the account's executor
     * (the caller's), once they are kept. What was written meanwhile keeps what it has. A failed read fails the stage.
     */
    public java.util.concurrent.CompletableFuture<Void> readAhead(Jid contact, java.util.concurrent.Executor io,
                                                                   java.util.concurrent.Executor session) {
        List<String> missing = contact.isPn() || contact.isLid() ? unknownKeys(contact.toNonAd()) : List.of();
        if (missing.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        long startedAt = writes;
        return OnExecutor.storeCall(() -> store.loadAll(missing), io, session).thenApply(loaded -> {
            if (writes == startedAt) {
                for (String key : missing) {
                    known.putIfAbsent(key, Optional.ofNullable(loaded.get(key)));
                }
            }
            return null;
        });
    }

    /** The keys {@code user}'s tokens may be stored under that {@link #known} does not hold. */
    private List<String> unknownKeys(Jid user) {
        List<String> missing = new ArrayList<>(2);
        for (String key : keysOf(user)) {
            if (!known.containsKey(key)) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** The keys {@code user}'s tokens may be stored under: itself and its other identity when known. */
    private List<String> keysOf(Jid user) {
        List<String> keys = new ArrayList<>(2);
        keys.add(user.toString());
        Optional<Jid> other = user.isPn() ? lids.lidFor(user) : lids.pnFor(user);
        other.ifPresent(o -> keys.add(o.toString()));
        return keys;
    }

    /** The valid token {@code contact} issued us, if any (looked up under its LID and its phone number). */
    public Optional<byte[]> tokenFor(Jid contact) {
        return newest(contact).filter(t -> !expired(t.timestamp().getEpochSecond(), clock.instant().getEpochSecond()))
                .map(PrivacyToken::token);
    }

    /**
     * The newest token {@code contact} issued us, however old (presence subscriptions carry whatever is stored, as
     * whatsmeow's do; only messages check the expiry).
     */
    public Optional<byte[]> storedTokenFor(Jid contact) {
        return newest(contact).map(PrivacyToken::token);
    }

    private Optional<PrivacyToken> newest(Jid contact) {
        if (!(contact.isPn() || contact.isLid())) {
            return Optional.empty();
        }
        List<String> keys = keysOf(contact.toNonAd());
        List<PrivacyToken> found = new ArrayList<>(2);
        List<String> missing = new ArrayList<>(2);
        for (String key : keys) {
            Optional<PrivacyToken> cached = known.get(key);
            if (cached == null) {
                missing.add(key);
            } else {
                cached.ifPresent(found::add);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, PrivacyToken> loaded = store.loadAll(missing);
            for (String key : missing) {
                PrivacyToken token = loaded.get(key);
                known.put(key, Optional.ofNullable(token));
                if (token != null) {
                    found.add(token);
                }
            }
        }
        PrivacyToken best = null;
        for (PrivacyToken token : found) {
            if (best == null || token.timestamp().isAfter(best.timestamp())) {
                best = token;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The {@code <tctoken>} child for a 1:1 message to {@code chat}, when we hold a valid token of it. */
    public List<Node> messageChildren(Jid chat) {
        return tokenFor(chat).map(bytes -> List.of(Node.builder("tctoken").bytes(bytes).build())).orElse(List.of());
    }

    /**
     * Issues our token to {@code contact} (after a 1:1 send to it) unless it was issued in the current bucket:
     * {@code <iq xmlns="privacy" type="set"><tokens><token jid t type="trusted_contact"/></tokens></iq>}, addressed to
     * the contact's LID when known. Fire and forget: a failure is logged, the next send tries again.
     */
    public void issueIfDue(StanzaRouter router, Jid contact) {
        if (!(contact.isPn() || contact.isLid()) || router.isClosed()) {
            return;
        }
        Jid target = keyOf(contact.toNonAd());
        long now = clock.instant().getEpochSecond();
        long bucket = now / BUCKET_SECONDS;
        Long last = issuedBucket.get(target);
        if (last != null && last == bucket) {
            return;
        }
        issuedBucket.put(target, bucket);
        Node iq = Node.builder("iq").attr("id", router.nextId()).attr("xmlns", "privacy").attr("type", "set")
                .attr("to", Jid.SERVER)
                .child(Node.builder("tokens").child(Node.builder("token").attr("jid", target).attr("t", now)
                        .attr("type", "trusted_contact").build()).build())
                .build();
        router.sendIq(iq, iqTimeout).whenComplete((answer, failure) -> {
            if (failure != null) {
                LOG.debug("[{}] issuing our privacy token to {} failed: {}", sessionId, target, failure.toString());
            }
        });
    }

    /** The session's store was wiped (logout): nothing kept of it is true any more. */
    public void storeWiped() {
        writes++;
        known.clear();
    }

    /** Whether a token issued at {@code t} is too old at {@code now} (both epoch seconds). */
    public static boolean expired(long t, long now) {
        return t < (now / BUCKET_SECONDS - (BUCKETS - 1)) * BUCKET_SECONDS;
    }

    /** The form tokens are kept under: the LID when known. */
    private Jid keyOf(Jid user) {
        return user.isPn() ? lids.lidFor(user).orElse(user) : user;
    }

    private static long parseLong(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
