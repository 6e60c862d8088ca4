package io.wabridge.simulator.newsletter;

import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One simulated newsletter: its owner, admins, followers, mutes and posts. Guarded by its own monitor. */
public final class SimNewsletter {

    /** One post: who reacted with what (one reaction per account), and who viewed it. */
    public static final class Post {
        final long serverId;
        final String id;
        final String type;
        final long t;
        final byte[] plaintext;
        final String mediaType;
        final Map<String, String> reactionBy = new LinkedHashMap<>();
        final Set<String> viewers = new LinkedHashSet<>();

        Post(long serverId, String id, String type, long t, byte[] plaintext, String mediaType) {
            this.serverId = serverId;
            this.id = id;
            this.type = type;
            this.t = t;
            this.plaintext = plaintext;
            this.mediaType = mediaType;
        }

        /** Reaction code to count. */
        Map<String, Long> reactionCounts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String code : reactionBy.values()) {
                counts.merge(code, 1L, Long::sum);
            }
            return counts;
        }

        public long serverId() {
            return serverId;
        }
    }

    private final Jid jid;
    private final String invite;
    private final PhoneAccount owner;
    private final Instant created;
    private String name;
    private String description;
    private final Set<PhoneAccount> admins = new LinkedHashSet<>();
    private final Set<PhoneAccount> followers = new LinkedHashSet<>();
    private final Set<PhoneAccount> muted = new LinkedHashSet<>();
    private final List<Post> posts = new ArrayList<>();
    private final Map<String, Instant> liveUntil = new HashMap<>();

    SimNewsletter(Jid jid, String invite, String name, String description, PhoneAccount owner, Instant created) {
        this.jid = jid;
        this.invite = invite;
        this.name = name;
        this.description = description;
        this.owner = owner;
        this.created = created;
    }

    public Jid jid() {
        return jid;
    }

    public String invite() {
        return invite;
    }

    public PhoneAccount owner() {
        return owner;
    }

    Instant created() {
        return created;
    }

    public synchronized String name() {
        return name;
    }

    synchronized String description() {
        return description;
    }

    synchronized void name(String name) {
        this.name = name;
    }

    /** owner, admin, subscriber or guest. */
    public synchronized String role(PhoneAccount a) {
        if (a == owner) {
            return "owner";
        }
        if (admins.contains(a)) {
            return "admin";
        }
        return followers.contains(a) ? "subscriber" : "guest";
    }

    public synchronized boolean admin(PhoneAccount a) {
        return a == owner || admins.contains(a);
    }

    /** Followers, owner and admins: who may react, view and see posts. */
    public synchronized boolean follows(PhoneAccount a) {
        return admin(a) || followers.contains(a);
    }

    public synchronized void promote(PhoneAccount a) {
        admins.add(a);
    }

    /** Makes {@code a} a follower (as its phone would); nobody is told. */
    public synchronized boolean follow(PhoneAccount a) {
        return followers.add(a);
    }

    synchronized boolean unfollow(PhoneAccount a) {
        muted.remove(a);
        return followers.remove(a);
    }

    synchronized void mute(PhoneAccount a, boolean on) {
        if (on) {
            muted.add(a);
        } else {
            muted.remove(a);
        }
    }

    synchronized boolean muted(PhoneAccount a) {
        return muted.contains(a);
    }

    /** Everyone who gets posts: owner, admins, followers. */
    synchronized List<PhoneAccount> audience() {
        Set<PhoneAccount> all = new LinkedHashSet<>();
        all.add(owner);
        all.addAll(admins);
        all.addAll(followers);
        return new ArrayList<>(all);
    }

    public synchronized int subscribers() {
        return followers.size();
    }

    synchronized Post add(String id, String type, long t, byte[] plaintext, String mediaType) {
        Post p = new Post(posts.size() + 100L, id, type, t, plaintext, mediaType);
        posts.add(p);
        return p;
    }

    synchronized Post post(long serverId) {
        for (Post p : posts) {
            if (p.serverId == serverId) {
                return p;
            }
        }
        return null;
    }

    /** Posts numbered below {@code before} (all when 0), newest last, at most {@code count}. */
    synchronized List<Post> before(long before, int count) {
        List<Post> out = new ArrayList<>();
        for (Post p : posts) {
            if (before <= 0 || p.serverId < before) {
                out.add(p);
            }
        }
        return new ArrayList<>(out.subList(Math.max(0, out.size() - count), out.size()));
    }

    /** Posts numbered above {@code after}, at most {@code count}. */
    synchronized List<Post> after(long after, int count) {
        List<Post> out = new ArrayList<>();
        for (Post p : posts) {
            if (p.serverId > after && out.size() < count) {
                out.add(p);
            }
        }
        return out;
    }

    /** Reaction and view counts of a post, read together. */
    synchronized Map<String, Long> reactions(Post p) {
        return p.reactionCounts();
    }

    synchronized int views(Post p) {
        return p.viewers.size();
    }

    synchronized void react(Post p, PhoneAccount a, String code) {
        if (code == null || code.isEmpty()) {
            p.reactionBy.remove(a.phoneNumber());
        } else {
            p.reactionBy.put(a.phoneNumber(), code);
        }
    }

    synchronized boolean view(Post p, PhoneAccount a) {
        return p.viewers.add(a.phoneNumber());
    }

    synchronized void live(String device, Instant until) {
        liveUntil.put(device, until);
    }

    synchronized boolean liveFor(String device, Instant now) {
        Instant until = liveUntil.get(device);
        return until != null && until.isAfter(now);
    }
}
