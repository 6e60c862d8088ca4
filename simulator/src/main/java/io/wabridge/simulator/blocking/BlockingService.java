package io.wabridge.simulator.blocking;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's block lists and privacy settings, per account. Iqs ({@code to="s.whatsapp.net"}):
 * <ul>
 *   <li>{@code <iq type="get" xmlns="blocklist"/>}: {@code <list dhash><item jid/>...</list>};</li>
 *   <li>{@code <iq type="set" xmlns="blocklist"><item jid action="block|unblock" [pn_jid]/>}: the new list;
 *       404 for a user not on WhatsApp, 400 for the account itself or a bad action;</li>
 *   <li>{@code <iq type="get" xmlns="privacy"><privacy/>}: {@code <privacy><category name value/>...};</li>
 *   <li>{@code <iq type="set" xmlns="privacy"><privacy><category name value/>}: 400 for a category or value
 *       WhatsApp does not offer (the table of whatsmeow's {@code types/user.go}).</li>
 * </ul>
 * Each change reaches the account's other linked devices as {@code <notification type="account_sync"
 * from=ACCOUNT><blocklist><item jid action/></blocklist>} or {@code ...<privacy><category name value/></privacy>}.
 * Thread-safe.
 */
public final class BlockingService {
    /** The categories and the values WhatsApp offers for each (the first is the default). */
    public static final Map<String, List<String>> CATEGORIES = categories();

    private final Accounts accounts;
    private final Clock clock;
    private final Delivery toCompanions;
    /** Blocker's phone number -> blocked phone number -> the JID the blocker named. */
    private final Map<String, Map<String, Jid>> blocked = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> privacy = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** Puts a stanza in the mailbox of every linked (non-phone) device of an account but {@code exceptDevice}. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(PhoneAccount account, int exceptDevice, Node stanza);
    }

    public BlockingService(Accounts accounts, Clock clock, Delivery toCompanions) {
        this.accounts = accounts;
        this.clock = clock;
        this.toCompanions = toCompanions;
    }

    private static Map<String, List<String>> categories() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        List<String> audience = List.of("all", "contacts", "contact_blacklist", "none");
        c.put("last", audience);
        c.put("online", List.of("all", "match_last_seen"));
        c.put("profile", audience);
        c.put("status", audience);
        c.put("groupadd", audience);
        c.put("readreceipts", List.of("all", "none"));
        c.put("calladd", List.of("all", "known"));
        c.put("messages", List.of("all", "contacts"));
        return java.util.Collections.unmodifiableMap(c);
    }

    /** Whether {@code blocker} blocked {@code user}. */
    public boolean blocks(PhoneAccount blocker, PhoneAccount user) {
        Map<String, Jid> list = blocked.get(blocker.phoneNumber());
        return list != null && list.containsKey(user.phoneNumber());
    }

    /** Whether the account keeps its read receipts to itself ({@code readreceipts} = none). */
    public boolean readReceiptsOff(PhoneAccount account) {
        return "none".equals(setting(account, "readreceipts"));
    }

    /** An account's value of one category (the default when never set). */
    public String setting(PhoneAccount account, String category) {
        Map<String, String> own = privacy.get(account.phoneNumber());
        String value = own == null ? null : own.get(category);
        return value != null ? value : CATEGORIES.getOrDefault(category, List.of("all")).getFirst();
    }

    /** The users an account blocked, as it named them. */
    public List<Jid> blocklist(PhoneAccount account) {
        Map<String, Jid> list = blocked.get(account.phoneNumber());
        return list == null ? List.of() : List.copyOf(list.values());
    }

    /** The account's phone blocks or unblocks a user (the phone's own change: every linked device is told). */
    public void changeOnPhone(PhoneAccount account, PhoneAccount user, boolean block) {
        apply(account, user, user.lidJid(), block, -1);
    }

    /** The account's phone changes a privacy setting (every linked device is told). */
    public void setOnPhone(PhoneAccount account, String category, String value) {
        if (!CATEGORIES.getOrDefault(category, List.of()).contains(value)) {
            throw new IllegalArgumentException(category + "=" + value + " is not offered");
        }
        set(account, category, value, -1);
    }

    /** A {@code blocklist} iq from one of the account's devices; returns the answer. */
    public Node onBlocklistIq(PhoneAccount account, int deviceId, Node iq) {
        if ("get".equals(iq.attr("type"))) {
            return result(iq, list(account));
        }
        Node item = iq.child("item");
        String action = item == null ? null : item.attr("action");
        Jid jid = item == null ? null : jid(item, "jid");
        if (jid == null || !("block".equals(action) || "unblock".equals(action))) {
            return error(iq, 400, "bad-request");
        }
        Optional<PhoneAccount> user = accounts.find(jid);
        if (user.isEmpty()) {
            return error(iq, 404, "item-not-found");
        }
        if (user.get() == account) {
            return error(iq, 400, "bad-request");
        }
        apply(account, user.get(), jid.normalizedUser(), "block".equals(action), deviceId);
        return result(iq, list(account));
    }

    /** A privacy-settings iq ({@code <privacy>} child) from one of the account's devices; returns the answer. */
    public Node onPrivacyIq(PhoneAccount account, int deviceId, Node iq) {
        if ("get".equals(iq.attr("type"))) {
            NodeBuilder out = Node.builder("privacy");
            for (String category : CATEGORIES.keySet()) {
                out.child(Node.builder("category").attr("name", category).attr("value", setting(account, category)).build());
            }
            return result(iq, out.build());
        }
        Node category = iq.child("privacy") == null ? null : iq.child("privacy").child("category");
        String name = category == null ? null : category.attr("name");
        String value = category == null ? null : category.attr("value");
        if (name == null || value == null || !CATEGORIES.getOrDefault(name, List.of()).contains(value)) {
            return error(iq, 400, "bad-request");
        }
        set(account, name, value, deviceId);
        return result(iq, null);
    }

    private void apply(PhoneAccount account, PhoneAccount user, Jid named, boolean block, int exceptDevice) {
        Map<String, Jid> list = blocked.computeIfAbsent(account.phoneNumber(), k -> new ConcurrentHashMap<>());
        if (block) {
            list.put(user.phoneNumber(), named);
        } else {
            list.remove(user.phoneNumber());
        }
        notify(account, exceptDevice, Node.builder("blocklist").attr("dhash", dhash(account))
                .child(Node.builder("item").attr("jid", named).attr("action", block ? "block" : "unblock").build()).build());
    }

    private void set(PhoneAccount account, String category, String value, int exceptDevice) {
        privacy.computeIfAbsent(account.phoneNumber(), k -> new ConcurrentHashMap<>()).put(category, value);
        notify(account, exceptDevice, Node.builder("privacy").child(Node.builder("category").attr("name", category)
                .attr("value", value).build()).build());
    }

    private void notify(PhoneAccount account, int exceptDevice, Node child) {
        Node notification = Node.builder("notification").attr("from", account.jid()).attr("type", "account_sync")
                .attr("id", "as-" + ids.incrementAndGet()).attr("t", clock.instant().getEpochSecond())
                .child(child).build();
        toCompanions.deliver(account, exceptDevice, notification);
    }

    private Node list(PhoneAccount account) {
        NodeBuilder list = Node.builder("list").attr("dhash", dhash(account));
        List<Node> items = new ArrayList<>();
        for (Jid jid : blocklist(account)) {
            items.add(Node.builder("item").attr("jid", jid).build());
        }
        return list.children(items).build();
    }

    private String dhash(PhoneAccount account) {
        Set<String> numbers = new java.util.TreeSet<>(blocked.getOrDefault(account.phoneNumber(), Map.of()).keySet());
        return HexFormat.of().formatHex(Integer.toString(numbers.hashCode()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static Node result(Node iq, Node child) {
        NodeBuilder out = Node.builder("iq").attr("id", iq.attr("id", "")).attr("type", "result").attr("from", Jid.SERVER);
        if (child != null) {
            out.child(child);
        }
        return out.build();
    }

    private static Node error(Node iq, int code, String text) {
        return Node.builder("iq").attr("id", iq.attr("id", "")).attr("type", "error").attr("from", Jid.SERVER)
                .child(Node.builder("error").attr("code", code).attr("text", text).build()).build();
    }

    private static Jid jid(Node node, String key) {
        try {
            return node.jidAttr(key);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
