package io.wabridge.client.group;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.client.session.Failures;
import io.wabridge.client.stanza.IqErrorException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * Group metadata and administration: the {@code w:g2} iqs (whatsmeow {@code group.go}, Baileys {@code groups.ts}).
 * Every call is one iq on the open connection (two for a description change, which names the previous
 * description's id); a refusal fails the future with a {@link GroupAdminException} whose reason reads the
 * server's code in the request's context. The server tells every member device, ours included, of each change
 * ({@code <notification type=w:gp2>}): that notification, not this answer, drops the group's cached metadata and
 * becomes the {@code GroupUpdate} event, so a change made by another of our devices is seen the same way.
 */
public final class GroupAdmin {

    /** The server's JID for requests about no one group ({@code g.us}). */
    public static final Jid GROUP_SERVER = Jid.of("", JidServer.GROUP);

    /** A participant change and the tag that requests it. */
    public enum Action {
        ADD("add"), REMOVE("remove"), PROMOTE("promote"), DEMOTE("demote"),
        /** Approve a membership request (approval mode). */
        APPROVE("approve"),
        /** Reject a membership request. */
        REJECT("reject");

        private final String tag;

        Action(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        boolean request() {
            return this == APPROVE || this == REJECT;
        }
    }

    /**
     * One participant's outcome: {@code code} 200 when done, else the server's code (403: the user's privacy
     * settings need an invitation, then {@code inviteCode} is set; 404: not on WhatsApp / not a member; 408: left
     * recently; 409: already a member; 500: the group is full).
     */
    public record ParticipantResult(Jid jid, int code, String inviteCode, Instant inviteExpiration) {
        public boolean ok() {
            return code == 200;
        }
    }

    /** A pending membership request (approval mode). */
    public record MembershipRequest(Jid jid, Instant requestedAt) {}

    /** The outcome of joining by invite code: the group, and whether an admin still has to approve us. */
    public record JoinResult(Jid group, boolean pendingApproval) {}

    private final BiFunction<Node, Duration, CompletableFuture<Node>> iq;
    private final Duration timeout;
    private final RandomGenerator random;

    /**
     * @param iq      sends an iq on the account's open connection (on its executor), completes with the result
     * @param timeout how long one iq may take
     */
    public GroupAdmin(BiFunction<Node, Duration, CompletableFuture<Node>> iq, Duration timeout, RandomGenerator random) {
        this.iq = Objects.requireNonNull(iq, "iq");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The group's metadata, asked of the server (never from the send cache). */
    public CompletableFuture<GroupMetadata> metadata(Jid group) {
        requireGroup(group);
        return send(GroupMetadataQuery.request(group), false).thenApply(r -> GroupMetadata.parse(group, groupOf(r)));
    }

    /** Every group this account is a member of, with participants and descriptions. */
    public CompletableFuture<List<GroupMetadata>> joined() {
        Node request = iq("get", GROUP_SERVER, Node.builder("participating")
                .children(Node.of("participants"), Node.of("description")).build());
        return send(request, false).thenApply(r -> {
            Node groups = r.child("groups");
            if (groups == null) {
                throw malformed("group list answer without <groups>", r);
            }
            List<GroupMetadata> all = new ArrayList<>();
            for (Node g : groups.children("group")) {
                all.add(GroupMetadata.parse(null, g));
            }
            return all;
        });
    }

    /**
     * Creates a group of us (its super admin) and {@code participants} (users, no device; the server adds us).
     * Completes with the new group's metadata, whose participants may lack users the server could not add.
     */
    public CompletableFuture<GroupMetadata> create(String subject, List<Jid> participants) {
        return create(subject, participants, null);
    }

    /**
     * As {@link #create(String, List)}, with the create key WhatsApp echoes in the create notification (a random
     * one when null).
     */
    public CompletableFuture<GroupMetadata> create(String subject, List<Jid> participants, String key) {
        Objects.requireNonNull(subject, "subject");
        NodeBuilder create = Node.builder("create").attr("subject", subject).attr("key", key == null ? newId() : key);
        for (Jid p : participants) {
            create.child(Node.builder("participant").attr("jid", p.toNonAd()).build());
        }
        return send(iq("set", GROUP_SERVER, create.build()), false)
                .thenApply(r -> GroupMetadata.parse(null, groupOf(r)));
    }

    /** Adds, removes, promotes or demotes participants, or approves / rejects their membership requests. */
    public CompletableFuture<List<ParticipantResult>> participants(Jid group, Action action, List<Jid> users) {
        requireGroup(group);
        if (users.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        NodeBuilder change = Node.builder(action.tag());
        for (Jid u : users) {
            change.child(Node.builder("participant").attr("jid", u.toNonAd()).build());
        }
        Node content = action.request()
                ? Node.builder("membership_requests_action").child(change.build()).build() : change.build();
        return send(iq("set", group, content), false).thenApply(r -> {
            Node answer = action.request() ? r.child("membership_requests_action") : r;
            Node done = answer == null ? null : answer.child(action.tag());
            if (done == null) {
                throw malformed("participant change answer without <" + action.tag() + ">", r);
            }
            List<ParticipantResult> results = new ArrayList<>();
            for (Node p : done.children("participant")) {
                Jid jid = Jid.tryParse(p.attr("jid"));
                if (jid == null) {
                    continue;
                }
                int code = (int) GroupMetadata.number(p.attr("error"));
                Node add = p.child("add_request");
                results.add(new ParticipantResult(jid.toNonAd(), code == 0 ? 200 : code,
                        add == null ? null : add.attr("code"),
                        add == null ? null : instant(add.attr("expiration"))));
            }
            return results;
        });
    }

    /** Pending membership requests (approval mode). */
    public CompletableFuture<List<MembershipRequest>> membershipRequests(Jid group) {
        requireGroup(group);
        return send(iq("get", group, Node.of("membership_approval_requests")), false).thenApply(r -> {
            Node list = r.child("membership_approval_requests");
            if (list == null) {
                throw malformed("membership request answer without <membership_approval_requests>", r);
            }
            List<MembershipRequest> out = new ArrayList<>();
            for (Node req : list.children("membership_approval_request")) {
                Jid jid = Jid.tryParse(req.attr("jid"));
                if (jid != null) {
                    out.add(new MembershipRequest(jid.toNonAd(), instant(req.attr("request_time"))));
                }
            }
            return out;
        });
    }

    /** Changes the subject (WhatsApp allows 100 characters; longer is refused as not acceptable). */
    public CompletableFuture<Void> setSubject(Jid group, String subject) {
        requireGroup(group);
        Node content = Node.builder("subject").bytes(subject.getBytes(StandardCharsets.UTF_8)).build();
        return send(iq("set", group, content), false).thenApply(r -> null);
    }

    /**
     * Changes the description; empty deletes it. The request names the current description's id, so this asks
     * for the metadata first.
     */
    public CompletableFuture<Void> setDescription(Jid group, String description) {
        requireGroup(group);
        return metadata(group).thenCompose(current -> {
            NodeBuilder d = Node.builder("description").attr("id", newId());
            if (!current.descriptionId().isEmpty()) {
                d.attr("prev", current.descriptionId());
            }
            if (description == null || description.isEmpty()) {
                d.attr("delete", "true");
            } else {
                d.child(Node.builder("body").bytes(description.getBytes(StandardCharsets.UTF_8)).build());
            }
            return send(iq("set", group, d.build()), false);
        }).thenApply(r -> null);
    }

    /** Announcement mode: only admins may send. */
    public CompletableFuture<Void> setAnnouncement(Jid group, boolean on) {
        return setting(group, Node.of(on ? "announcement" : "not_announcement"));
    }

    /** Locked: only admins may change the subject, description, picture and timer. */
    public CompletableFuture<Void> setLocked(Jid group, boolean on) {
        return setting(group, Node.of(on ? "locked" : "unlocked"));
    }

    /** Approval mode: joining by link needs an admin's approval. */
    public CompletableFuture<Void> setApprovalMode(Jid group, boolean on) {
        return setting(group, Node.builder("membership_approval_mode")
                .child(Node.builder("group_join").attr("state", on ? "on" : "off").build()).build());
    }

    /** Disappearing messages: the timer in seconds (WhatsApp offers 86400, 604800, 7776000), 0 turns them off. */
    public CompletableFuture<Void> setEphemeral(Jid group, int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("ephemeral timer must be >= 0: " + seconds);
        }
        return setting(group, seconds == 0 ? Node.of("not_ephemeral")
                : Node.builder("ephemeral").attr("expiration", seconds).build());
    }

    private CompletableFuture<Void> setting(Jid group, Node content) {
        requireGroup(group);
        return send(iq("set", group, content), false).thenApply(r -> null);
    }

    /** Leaves the group. */
    public CompletableFuture<Void> leave(Jid group) {
        requireGroup(group);
        Node content = Node.builder("leave").child(Node.builder("group").attr("id", group.toNonAd()).build()).build();
        return send(iq("set", GROUP_SERVER, content), false).thenApply(r -> null);
    }

    /** The group's invite code (append it to {@code https://chat.whatsapp.com/}); {@code reset} revokes the old one. */
    public CompletableFuture<String> inviteCode(Jid group, boolean reset) {
        requireGroup(group);
        return send(iq(reset ? "set" : "get", group, Node.of("invite")), false).thenApply(r -> {
            Node invite = r.child("invite");
            String code = invite == null ? null : invite.attr("code");
            if (code == null || code.isEmpty()) {
                throw malformed("invite answer without a code", r);
            }
            return code;
        });
    }

    /** What an invite code (or {@code https://chat.whatsapp.com/CODE} link) leads to, without joining. */
    public CompletableFuture<GroupMetadata> inviteInfo(String code) {
        Node request = iq("get", GROUP_SERVER, Node.builder("invite").attr("code", inviteCodeOf(code)).build());
        return send(request, true).thenApply(r -> GroupMetadata.parse(null, groupOf(r)));
    }

    /** Joins by invite code or link; in a group with approval mode the result is a pending request. */
    public CompletableFuture<JoinResult> join(String code) {
        Node request = iq("set", GROUP_SERVER, Node.builder("invite").attr("code", inviteCodeOf(code)).build());
        return send(request, true).thenApply(r -> {
            Node pending = r.child("membership_approval_request");
            Node joined = pending != null ? pending : r.child("group");
            Jid group = joined == null ? null : Jid.tryParse(joined.attr("jid"));
            if (group == null || !group.isGroup()) {
                throw malformed("join answer without the group", r);
            }
            return new JoinResult(group, pending != null);
        });
    }

    /** The code of an invite link ({@code https://chat.whatsapp.com/CODE}) or the code itself. */
    public static String inviteCodeOf(String codeOrLink) {
        String code = Objects.requireNonNull(codeOrLink, "code").trim();
        int slash = code.lastIndexOf('/');
        code = slash >= 0 ? code.substring(slash + 1) : code;
        if (code.isEmpty()) {
            throw new IllegalArgumentException("empty invite code");
        }
        return code;
    }

    /**
     * One {@code w:g2} iq of another coordinator (communities) on the same plumbing: the answer, or a
     * {@link GroupAdminException} read from the server's code.
     */
    public CompletableFuture<Node> request(String type, Jid to, Node content) {
        return send(iq(type, to, content), false);
    }

    private CompletableFuture<Node> send(Node request, boolean invite) {
        return iq.apply(request, timeout).exceptionallyCompose(failure ->
                CompletableFuture.failedFuture(translate(Failures.unwrap(failure), invite)));
    }

    /** The server's code read in the request's context: 406 and 410 mean something else for an invite code. */
    static Throwable translate(Throwable cause, boolean invite) {
        if (!(cause instanceof IqErrorException e)) {
            return cause;
        }
        GroupAdminException.Reason reason = switch (e.code()) {
            case 401 -> GroupAdminException.Reason.NOT_ADMIN;
            case 403 -> GroupAdminException.Reason.NOT_A_PARTICIPANT;
            case 404 -> invite ? GroupAdminException.Reason.INVALID_INVITE : GroupAdminException.Reason.GROUP_NOT_FOUND;
            case 406 -> invite ? GroupAdminException.Reason.INVALID_INVITE : GroupAdminException.Reason.NOT_ACCEPTABLE;
            case 409 -> invite ? GroupAdminException.Reason.ALREADY_PARTICIPANT : GroupAdminException.Reason.CONFLICT;
            case 410 -> invite ? GroupAdminException.Reason.INVITE_REVOKED : GroupAdminException.Reason.REJECTED;
            case 419 -> GroupAdminException.Reason.GROUP_FULL;
            default -> GroupAdminException.Reason.REJECTED;
        };
        return new GroupAdminException(reason, e.code(), e.getMessage(), e);
    }

    private static Node iq(String type, Jid to, Node content) {
        return Node.builder("iq").attr("xmlns", "w:g2").attr("type", type).attr("to", to).child(content).build();
    }

    /** The {@code <group>} of an answer (or the answer itself); MALFORMED_RESPONSE without one. */
    public static Node groupOf(Node response) {
        Node group = response.is("group") ? response : response.child("group");
        if (group == null) {
            throw malformed("group answer without <group>", response);
        }
        return group;
    }

    /** A MALFORMED_RESPONSE failure naming what the answer lacked. */
    public static GroupAdminException malformed(String what, Node response) {
        return new GroupAdminException(GroupAdminException.Reason.MALFORMED_RESPONSE, 0, what + ": " + response, null);
    }

    /** @throws IllegalArgumentException unless {@code group} is a group JID */
    public static void requireGroup(Jid group) {
        if (group == null || !group.isGroup()) {
            throw new IllegalArgumentException("not a group JID: " + group);
        }
    }

    private static Instant instant(String seconds) {
        long s = GroupMetadata.number(seconds);
        return s > 0 ? Instant.ofEpochSecond(s) : null;
    }

    private String newId() {
        byte[] id = new byte[8];
        random.nextBytes(id);
        return HexFormat.of().withUpperCase().formatHex(id);
    }
}
