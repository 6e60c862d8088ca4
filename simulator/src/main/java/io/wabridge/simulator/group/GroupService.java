package io.wabridge.simulator.group;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.send.ParticipantHash;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.messaging.DeviceEndpoint;
import io.wabridge.simulator.messaging.GroupStanzas;
import io.wabridge.simulator.messaging.MessageRouter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's groups: the registry, the fan-out of group stanzas and the metadata iq.
 *
 * <p>A {@code <message to=GROUP>} from a member reaches every device of every member but the sending device, as
 * {@code <message from=GROUP participant=SENDER_DEVICE participant_pn|participant_lid addressing_mode id t type
 * notify>} with that device's pairwise {@code <enc>} from {@code <participants>} (if listed) then the {@code skmsg};
 * devices offline get it in their mailbox. A message with {@code participant} and no {@code <participants>} (a
 * resend after a retry receipt) goes to that one device. The sender's ack carries the server's {@code phash} over
 * every member device (its own included), in the group's addressing. A non-member gets {@code error=403}, an unknown
 * group 404.
 *
 * <p>A {@code <receipt to=GROUP participant=AUTHOR>} reaches the author's devices (a retry only the one that sent
 * the message) as {@code <receipt from=GROUP participant=RECEIPTER_DEVICE>}. Members leaving or removed are told
 * with {@code <notification type=w:gp2><remove>}. The administration iqs ({@code w:g2}: list, create, participants,
 * subject, description, settings, leave, invites, membership requests) are {@link GroupAdminIqs}. Thread-safe.
 */
public final class GroupService implements GroupStanzas {
    private static final Logger LOG = LoggerFactory.getLogger(GroupService.class);

    private final Accounts accounts;
    private final MessageRouter router;
    private final Clock clock;
    private final Map<Jid, SimGroup> groups = new ConcurrentHashMap<>();
    private final AtomicLong notificationIds = new AtomicLong();
    private final AtomicLong metadataQueries = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private final GroupAdminIqs admin = new GroupAdminIqs(this);
    private volatile boolean fanOut = true;
    private final List<Extension> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** More {@code w:g2} iqs (communities): asked first, in order; null leaves the iq to the next. */
    public interface Extension {
        /**
         * @param to    the group JID the iq names, null when addressed to {@code g.us}
         * @param group that group when known
         * @return the answer, or null when the iq is not this extension's
         */
        Node handle(PhoneAccount actor, Node iq, Node content, Jid to, SimGroup group);
    }

    /** Adds {@code w:g2} iqs (the community server). */
    public void extend(Extension extension) {
        extensions.add(extension);
    }

    Node extension(PhoneAccount actor, Node iq, Node content, Jid to, SimGroup group) {
        for (Extension e : extensions) {
            Node answer = e.handle(actor, iq, content, to, group);
            if (answer != null) {
                return answer;
            }
        }
        return null;
    }

    public GroupService(Accounts accounts, MessageRouter router, Clock clock) {
        this.accounts = accounts;
        this.router = router;
        this.clock = clock;
    }

    /** Creates a group of {@code creator} (super admin) and {@code others}; members are told nothing yet. */
    public SimGroup create(String subject, PhoneAccount creator, List<PhoneAccount> others, boolean lidAddressed) {
        Jid jid = Jid.group("120363" + String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L)));
        SimGroup group = new SimGroup(jid, subject == null ? "" : subject, lidAddressed, creator, clock.instant());
        for (PhoneAccount member : others) {
            group.add(member);
        }
        groups.put(jid, group);
        return group;
    }

    public Optional<SimGroup> find(Jid jid) {
        return Optional.ofNullable(groups.get(jid.toNonAd()));
    }

    public List<SimGroup> all() {
        return new ArrayList<>(groups.values());
    }

    /** Adds members; every member (old and new) is told. Returns those that were not members yet. */
    public List<PhoneAccount> add(SimGroup group, PhoneAccount actor, List<PhoneAccount> added) {
        List<PhoneAccount> done = new ArrayList<>();
        for (PhoneAccount a : added) {
            if (group.add(a)) {
                done.add(a);
            }
        }
        notify(group, actor, "add", done, group.members());
        return done;
    }

    /** Turns announcement mode (only admins send) on or off, as an admin's settings iq does; every member is told. */
    public void announcement(SimGroup group, PhoneAccount actor, boolean on) {
        group.announcement(on);
        notify(group, actor, Node.of(on ? "announcement" : "not_announcement"), group.members());
    }

    /** Removes members; the remaining members and the removed ones are told. Returns those that were members. */
    public List<PhoneAccount> remove(SimGroup group, PhoneAccount actor, List<PhoneAccount> removed) {
        List<PhoneAccount> done = new ArrayList<>();
        for (PhoneAccount a : removed) {
            if (group.remove(a)) {
                done.add(a);
            }
        }
        List<PhoneAccount> told = group.members();
        told.addAll(done);
        notify(group, actor, "remove", done, told);
        return done;
    }

    private void notify(SimGroup group, PhoneAccount actor, String change, List<PhoneAccount> changed,
                        List<PhoneAccount> told) {
        if (changed.isEmpty()) {
            return;
        }
        List<Node> participants = new ArrayList<>(changed.size());
        for (PhoneAccount a : changed) {
            participants.add(participant(group, a));
        }
        notify(group, actor, Node.builder(change).children(participants).build(), told);
    }

    /** While set, group notifications are not delivered (Java only: plays notifications lost on the way). */
    private volatile boolean withholdNotifications;

    /**
     * Interop switch (Java only): while on, the changes made here are kept but told to no device, as if their
     * notifications were lost, so a client's cached metadata goes stale (an announcement mode it did not hear of).
     */
    public void withholdNotifications(boolean on) {
        this.withholdNotifications = on;
    }

    /**
     * Tells every device of {@code told} of one change: {@code <notification type=w:gp2 from=GROUP
     * participant=ACTOR [participant_pn] id t>CHANGE</notification>}.
     */
    public void notify(SimGroup group, PhoneAccount actor, Node change, List<PhoneAccount> told) {
        if (withholdNotifications) {
            return;
        }
        NodeBuilder n = Node.builder("notification").attr("type", "w:gp2").attr("from", group.jid())
                .attr("id", "gn" + notificationIds.incrementAndGet()).attr("t", clock.instant().getEpochSecond())
                .attr("participant", group.address(actor));
        if (group.lidAddressed()) {
            n.attr("participant_pn", actor.jid());
        }
        Node notification = n.child(change).build();
        for (PhoneAccount member : told) {
            for (int device : member.deviceIds()) {
                router.deliver(member, device, notification);
            }
        }
    }

    /** The outcome of {@link #join}: the group, and whether an admin still has to approve. */
    public record JoinOutcome(SimGroup group, boolean pendingApproval) {}

    /**
     * A member joins by invite code as its phone would ({@code <invite code>} set): added and every member told, or
     * in approval mode a request the admins are told of.
     *
     * @throws IllegalArgumentException if the code is unknown or revoked, or the account is a member already
     */
    public JoinOutcome join(PhoneAccount account, String code) {
        GroupAdminIqs.Joined j = admin.join(account, code);
        if (j.error() != 0) {
            throw new IllegalArgumentException("join by invite refused: " + j.error());
        }
        return new JoinOutcome(j.group(), j.pending());
    }

    /** Registers a group made by the create iq. */
    SimGroup register(String subject, PhoneAccount creator, List<PhoneAccount> others, boolean lidAddressed) {
        return create(subject, creator, others, lidAddressed);
    }

    /** The server's accounts (to resolve the JIDs an iq names). */
    public Accounts accounts() {
        return accounts;
    }

    Clock clock() {
        return clock;
    }

    /** A fresh 22-character invite code. */
    String newInviteCode() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder code = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            code.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    /**
     * Whether group messages reach the members (default). Off, the server checks, records and acks each one with its
     * {@code phash} and delivers nothing: a probe then measures the sending client without the fan-out's cost.
     */
    public void fanOut(boolean on) {
        this.fanOut = on;
    }

    /** How many metadata queries the server answered (a client caching metadata asks once per group). */
    public long metadataQueries() {
        return metadataQueries.get();
    }

    /** The server's phash of a group: every member device, in the group's addressing. */
    public String phash(SimGroup group) {
        return ParticipantHash.of(group.memberDevices());
    }

    @Override
    public void onMessage(DeviceEndpoint sender, Node message) {
        String id = message.attr("id");
        Jid to = jid(message, "to");
        SimGroup group = groups.get(to.toNonAd());
        if (group == null || !group.isMember(sender.account())) {
            ack(sender, id, to, group == null ? 404 : 403, null);
            return;
        }
        if (group.announcement() && !group.isAdmin(sender.account())) {
            // announcement mode: only admins send; refused like an admin action without the rights (401)
            ack(sender, id, group.jid(), 401, null);
            return;
        }
        Map<String, List<Node>> pairwise = new HashMap<>();
        Node participants = message.child("participants");
        if (participants != null) {
            for (Node target : participants.children("to")) {
                String key = deviceKey(jid(target, "jid"));
                if (key != null) {
                    pairwise.put(key, target.children("enc"));
                }
            }
        }
        List<Node> shared = new ArrayList<>();
        for (Node enc : message.children("enc")) {
            shared.add(enc);
        }
        // A resend to one member device after its retry receipt names it in "participant": only that device gets it,
        // whether the content is all pairwise (our client, whatsmeow) or a <participants> entry with the sender key plus
        // the skmsg (Baileys); delivering the skmsg to every member would hand each of them the message a second time.
        Jid only = jid(message, "participant");
        if (only != null && participants == null) {
            pairwise.put(deviceKey(only), shared);
            shared = List.of();
        }
        router.recordSent(sender.account(), id, sender.deviceId());
        ack(sender, id, group.jid(), 0, group);
        if (!fanOut) {
            return;
        }
        long t = clock.instant().getEpochSecond();
        Node deviceIdentity = message.child("device-identity");
        String onlyKey = only == null ? null : deviceKey(only);
        for (PhoneAccount member : group.members()) {
            for (int device : member.deviceIds()) {
                if (member == sender.account() && device == sender.deviceId()) {
                    continue;
                }
                String key = member.phoneNumber() + ":" + device;
                if (onlyKey != null && !onlyKey.equals(key)) {
                    continue;
                }
                List<Node> own = pairwise.getOrDefault(key, List.of());
                if (own.isEmpty() && shared.isEmpty()) {
                    continue;
                }
                List<Node> children = new ArrayList<>(own.size() + shared.size() + 1);
                children.addAll(own);
                children.addAll(shared);
                if (deviceIdentity != null && own.stream().anyMatch(e -> "pkmsg".equals(e.attr("type")))) {
                    children.add(deviceIdentity);
                }
                router.deliver(member, device, out(group, sender, message, id, t).children(children).build());
            }
        }
    }

    private NodeBuilder out(SimGroup group, DeviceEndpoint sender, Node message, String id, long t) {
        PhoneAccount from = sender.account();
        NodeBuilder out = Node.builder("message").attr("from", group.jid()).attr("id", id).attr("t", t)
                .attr("type", message.attr("type", "text"))
                .attr("participant", group.deviceAddress(from, sender.deviceId()));
        if (group.lidAddressed()) {
            out.attr("participant_pn", from.deviceJid(sender.deviceId())).attr("addressing_mode", "lid");
        } else {
            out.attr("participant_lid", from.deviceLid(sender.deviceId())).attr("addressing_mode", "pn");
        }
        if (from.pushName() != null) {
            out.attr("notify", from.pushName());
        }
        String edit = message.attr("edit");
        if (edit != null) {
            out.attr("edit", edit);
        }
        return out;
    }

    private void ack(DeviceEndpoint sender, String id, Jid to, int error, SimGroup group) {
        NodeBuilder ack = Node.builder("ack").attr("class", "message").attr("id", id)
                .attr("t", clock.instant().getEpochSecond());
        if (to != null) {
            ack.attr("from", to);
        }
        if (error != 0) {
            ack.attr("error", error);
        }
        if (group != null) {
            ack.attr("phash", phash(group)).attr("addressing_mode", group.lidAddressed() ? "lid" : "pn");
        }
        sender.replies().deliver(ack.build());
    }

    @Override
    public void onReceipt(DeviceEndpoint sender, Node receipt) {
        String id = receipt.attr("id");
        String type = receipt.attr("type");
        Jid to = jid(receipt, "to");
        NodeBuilder ack = Node.builder("ack").attr("class", "receipt").attr("id", id).attr("from", to);
        if (type != null) {
            ack.attr("type", type);
        }
        sender.replies().deliver(ack.build());
        SimGroup group = groups.get(to.toNonAd());
        Jid author = jid(receipt, "participant");
        Optional<PhoneAccount> authorAccount = author == null ? Optional.empty() : accounts.find(author);
        if (group == null || authorAccount.isEmpty()) {
            LOG.debug("group receipt {} from {} for an unknown group or author; dropped", id, sender);
            return;
        }
        PhoneAccount target = authorAccount.get();
        NodeBuilder out = Node.builder("receipt").attr("from", group.jid()).attr("id", id)
                .attr("participant", group.deviceAddress(sender.account(), sender.deviceId()))
                .attr("t", receipt.attr("t", Long.toString(clock.instant().getEpochSecond())));
        if (type != null && !"inactive".equals(type)) {
            out.attr("type", type);
        }
        if (receipt.hasContent() && !receipt.children().isEmpty()) {
            out.children(receipt.children());
        }
        Node forwarded = out.build();
        if ("retry".equals(type)) {
            int device = router.sentBy(target, id);
            if (device < 0) {
                device = author.device();
            }
            if (target.hasDevice(device)) {
                router.deliver(target, device, forwarded);
            }
            return;
        }
        for (int device : target.deviceIds()) {
            if (!(target == sender.account() && device == sender.deviceId())) {
                router.deliver(target, device, forwarded);
            }
        }
    }

    @Override
    public Node onIq(DeviceEndpoint sender, Node iq) {
        Jid to = jid(iq, "to");
        SimGroup group = to == null ? null : groups.get(to.toNonAd());
        if (iq.child("query") != null && "get".equals(iq.attr("type"))) {
            metadataQueries.incrementAndGet();
            if (group == null) {
                return error(iq, 404, "item-not-found");
            }
            if (!group.isMember(sender.account())) {
                return error(iq, 403, "forbidden");
            }
            return result(iq, metadata(group));
        }
        return admin.handle(sender.account(), iq, to == null || to.user().isEmpty() ? null : to, group);
    }

    /**
     * A member's phone changes a group setting ({@code <ephemeral expiration/>}, {@code <not_ephemeral/>},
     * {@code <locked/>}, ...) as its {@code w:g2} set iq would, with the same checks and notifications; returns the
     * answer (an error iq when refused).
     */
    public Node changeOnPhone(PhoneAccount actor, SimGroup group, Node setting) {
        Node iq = Node.builder("iq").attr("id", "phone-" + notificationIds.incrementAndGet()).attr("type", "set")
                .attr("xmlns", "w:g2").attr("to", group.jid()).child(setting).build();
        return admin.handle(actor, iq, group.jid(), group);
    }

    public static Node result(Node iq, Node... children) {
        return Node.builder("iq").attr("id", iq.attr("id")).attr("type", "result").attr("from", iq.attr("to", "g.us"))
                .children(children).build();
    }

    /** {@code <group id subject s_t creation creator size addressing_mode><participant jid type [phone_number|lid]/>}. */
    public Node metadata(SimGroup group) {
        List<PhoneAccount> members = group.members();
        NodeBuilder g = Node.builder("group").attr("id", group.jid().user()).attr("subject", group.subject())
                .attr("s_t", group.subjectTime().getEpochSecond()).attr("s_o", group.address(group.subjectOwner())).attr("creation", group.created().getEpochSecond())
                .attr("creator", group.address(group.creator())).attr("size", members.size())
                .attr("addressing_mode", group.lidAddressed() ? "lid" : "pn");
        for (PhoneAccount member : members) {
            g.child(participant(group, member));
        }
        if (!group.description().isEmpty()) {
            g.child(Node.builder("description").attr("id", group.descriptionId())
                    .child(Node.builder("body").bytes(group.description().getBytes(StandardCharsets.UTF_8)).build())
                    .build());
        }
        if (group.announcement()) {
            g.child(Node.of("announcement"));
        }
        if (group.locked()) {
            g.child(Node.of("locked"));
        }
        if (group.approval()) {
            g.child(Node.builder("membership_approval_mode")
                    .child(Node.builder("group_join").attr("state", "on").build()).build());
        }
        if (group.ephemeral() > 0) {
            g.child(Node.builder("ephemeral").attr("expiration", group.ephemeral()).build());
        }
        if (group.community()) {
            g.child(Node.builder("parent").attr("default_membership_approval_mode", group.communityApprovalMode())
                    .build());
        }
        if (group.linkedParent() != null) {
            g.child(Node.builder("linked_parent").attr("jid", group.linkedParent()).build());
        }
        if (group.announcementGroup()) {
            g.child(Node.of("default_sub_group"));
        }
        return g.build();
    }

    static Node participant(SimGroup group, PhoneAccount member) {
        NodeBuilder p = Node.builder("participant").attr("jid", group.address(member));
        SimGroup.Role role = group.role(member);
        if (role != null && role.wireName() != null) {
            p.attr("type", role.wireName());
        }
        if (group.lidAddressed()) {
            p.attr("phone_number", member.jid());
        } else {
            p.attr("lid", member.lidJid());
        }
        return p.build();
    }

    public static Node error(Node iq, int code, String text) {
        return Node.builder("iq").attr("id", iq.attr("id")).attr("type", "error").attr("from", iq.attr("to", "g.us"))
                .child(Node.builder("error").attr("code", code).attr("text", text).build()).build();
    }

    /** {@code PHONE:DEVICE} of a device JID (phone number or LID), or null. */
    private String deviceKey(Jid device) {
        if (device == null) {
            return null;
        }
        return accounts.find(device).map(a -> a.phoneNumber() + ":" + device.device()).orElse(null);
    }

    private static Jid jid(Node node, String key) {
        try {
            return node.jidAttr(key);
        } catch (InvalidJidException e) {
            return null;
        }
    }
}
