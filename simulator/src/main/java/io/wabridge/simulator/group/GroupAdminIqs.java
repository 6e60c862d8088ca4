package io.wabridge.simulator.group;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.PhoneAccount;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's group administration iqs ({@code w:g2}), with WhatsApp's authorization and error codes: 404 no such
 * group, 403 not a member, 401 not an admin (participants, settings, invites, requests; the subject, description and
 * timer too while the group is locked), 406 a value refused (subject over 100 characters, unknown invite code),
 * 410 a revoked invite code, 409 a description change whose {@code prev} is not the current one or joining a group
 * one is in. Every change is told to every member device ({@code <notification type=w:gp2>}), the actor's own
 * included, as WhatsApp does: create, add, remove (also for leaving: the actor is the one who left), promote,
 * demote, subject, description, announcement, locked, membership approval mode, ephemeral, invite (a new code after
 * a revoke) and, to admins, membership requests. Per-participant results: 200 done, 404 not on WhatsApp / not a
 * member, 409 already a member.
 */
final class GroupAdminIqs {
    static final int MAX_SUBJECT = 100;

    private final GroupService service;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    GroupAdminIqs(GroupService service) {
        this.service = service;
    }

    /**
     * @param group the group the iq is addressed to (null when to {@code g.us} or unknown)
     * @param to    the group JID the iq names, null when addressed to {@code g.us}
     */
    Node handle(PhoneAccount actor, Node iq, Jid to, SimGroup group) {
        List<Node> children = iq.children();
        Node content = children.isEmpty() ? null : children.getFirst();
        if (content == null) {
            return GroupService.error(iq, 400, "bad-request");
        }
        Node extended = service.extension(actor, iq, content, to, group);
        if (extended != null) {
            return extended;
        }
        boolean set = "set".equals(iq.attr("type"));
        if (to == null) {
            return switch (content.tag()) {
                case "participating" -> list(actor, iq);
                case "create" -> set ? create(actor, iq, content) : GroupService.error(iq, 400, "bad-request");
                case "leave" -> set ? leave(actor, iq, content) : GroupService.error(iq, 400, "bad-request");
                case "invite" -> set ? join(actor, iq, content) : inviteInfo(iq, content);
                default -> GroupService.error(iq, 501, "feature-not-implemented");
            };
        }
        if (group == null) {
            return GroupService.error(iq, 404, "item-not-found");
        }
        if (!group.isMember(actor)) {
            return GroupService.error(iq, 403, "forbidden");
        }
        return switch (content.tag()) {
            case "add", "remove", "promote", "demote" -> admin(group, actor)
                    ? participants(group, actor, iq, content) : notAdmin(iq);
            case "subject" -> subject(group, actor, iq, content);
            case "description" -> description(group, actor, iq, content);
            case "announcement", "not_announcement" -> {
                if (!admin(group, actor)) {
                    yield notAdmin(iq);
                }
                group.announcement(content.is("announcement"));
                yield changed(group, actor, iq, Node.of(content.tag()));
            }
            case "locked", "unlocked" -> {
                if (!admin(group, actor)) {
                    yield notAdmin(iq);
                }
                group.locked(content.is("locked"));
                yield changed(group, actor, iq, Node.of(content.tag()));
            }
            case "membership_approval_mode" -> {
                if (!admin(group, actor)) {
                    yield notAdmin(iq);
                }
                Node join = content.child("group_join");
                boolean on = join == null || !"off".equals(join.attr("state"));
                group.approval(on);
                yield changed(group, actor, iq, Node.builder("membership_approval_mode")
                        .child(Node.builder("group_join").attr("state", on ? "on" : "off").build()).build());
            }
            case "ephemeral", "not_ephemeral" -> {
                if (!group.mayEditInfo(actor)) {
                    yield notAdmin(iq);
                }
                long seconds = content.is("ephemeral") ? number(content.attr("expiration")) : 0;
                if (seconds < 0 || seconds > Integer.MAX_VALUE) {
                    yield GroupService.error(iq, 406, "not-acceptable");
                }
                group.ephemeral((int) seconds);
                yield changed(group, actor, iq, seconds == 0 ? Node.of("not_ephemeral")
                        : Node.builder("ephemeral").attr("expiration", seconds).build());
            }
            case "invite" -> {
                if (!admin(group, actor)) {
                    yield notAdmin(iq);
                }
                if (set) {
                    String old = group.peekInviteCode();
                    if (old != null) {
                        revoked.add(old);
                    }
                    group.revokeInvite();
                    String code = group.inviteCode(service::newInviteCode);
                    service.notify(group, actor, Node.builder("invite").attr("code", code).build(), group.members());
                    yield GroupService.result(iq, Node.builder("invite").attr("code", code).build());
                }
                yield GroupService.result(iq, Node.builder("invite")
                        .attr("code", group.inviteCode(service::newInviteCode)).build());
            }
            case "membership_approval_requests" -> admin(group, actor) ? requests(group, iq) : notAdmin(iq);
            case "membership_requests_action" -> admin(group, actor) ? requestAction(group, actor, iq, content)
                    : notAdmin(iq);
            default -> GroupService.error(iq, 501, "feature-not-implemented");
        };
    }

    private static boolean admin(SimGroup group, PhoneAccount actor) {
        return group.isAdmin(actor);
    }

    private static Node notAdmin(Node iq) {
        return GroupService.error(iq, 401, "not-authorized");
    }

    private Node changed(SimGroup group, PhoneAccount actor, Node iq, Node change) {
        service.notify(group, actor, change, group.members());
        return GroupService.result(iq);
    }

    private Node list(PhoneAccount actor, Node iq) {
        NodeBuilder groups = Node.builder("groups");
        for (SimGroup g : service.all()) {
            if (g.isMember(actor)) {
                groups.child(service.metadata(g));
            }
        }
        return GroupService.result(iq, groups.build());
    }

    private Node create(PhoneAccount creator, Node iq, Node create) {
        String subject = create.attr("subject", "");
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT) {
            return GroupService.error(iq, 406, "not-acceptable");
        }
        List<PhoneAccount> others = new ArrayList<>();
        for (Node p : create.children("participant")) {
            Optional<PhoneAccount> a = account(p.attr("jid"));
            if (a.isPresent() && a.get() != creator && !others.contains(a.get())) {
                others.add(a.get());
            }
        }
        SimGroup group = service.register(subject, creator, others, false);
        Node metadata = service.metadata(group);
        NodeBuilder c = Node.builder("create").attr("type", "new");
        String key = create.attr("key");
        if (key != null) {
            c.attr("key", key);
        }
        service.notify(group, creator, c.child(metadata).build(), group.members());
        return GroupService.result(iq, metadata);
    }

    private Node leave(PhoneAccount actor, Node iq, Node leave) {
        for (Node g : leave.children("group")) {
            Jid jid = Jid.tryParse(g.attr("id"));
            Optional<SimGroup> group = jid == null ? Optional.empty() : service.find(jid);
            if (group.isPresent() && group.get().isMember(actor)) {
                service.remove(group.get(), actor, List.of(actor));
            }
        }
        return GroupService.result(iq);
    }

    private Node participants(SimGroup group, PhoneAccount actor, Node iq, Node change) {
        NodeBuilder answer = Node.builder(change.tag());
        List<PhoneAccount> done = new ArrayList<>();
        for (Node p : change.children("participant")) {
            String jid = p.attr("jid", "");
            Optional<PhoneAccount> a = account(jid);
            int code;
            if (a.isEmpty()) {
                code = 404;
            } else {
                boolean member = group.isMember(a.get());
                code = switch (change.tag()) {
                    case "add" -> member ? 409 : 200;
                    case "remove" -> member ? 200 : 404;
                    default -> member ? 200 : 404;
                };
            }
            if (code == 200) {
                done.add(a.get());
            }
            NodeBuilder r = Node.builder("participant").attr("jid", jid);
            if (code != 200) {
                r.attr("error", code);
            }
            answer.child(r.build());
        }
        switch (change.tag()) {
            case "add" -> service.add(group, actor, done);
            case "remove" -> service.remove(group, actor, done);
            default -> {
                SimGroup.Role role = change.is("promote") ? SimGroup.Role.ADMIN : SimGroup.Role.MEMBER;
                for (PhoneAccount a : done) {
                    group.role(a, role);
                }
                if (!done.isEmpty()) {
                    List<Node> ps = done.stream().map(a -> GroupService.participant(group, a)).toList();
                    service.notify(group, actor, Node.builder(change.tag()).children(ps).build(), group.members());
                }
            }
        }
        return GroupService.result(iq, answer.build());
    }

    private Node subject(SimGroup group, PhoneAccount actor, Node iq, Node content) {
        if (!group.mayEditInfo(actor)) {
            return notAdmin(iq);
        }
        String subject = content.contentString();
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT) {
            return GroupService.error(iq, 406, "not-acceptable");
        }
        Instant now = service.clock().instant();
        group.subject(subject, actor, now);
        return changed(group, actor, iq, Node.builder("subject").attr("subject", subject)
                .attr("s_o", group.address(actor)).attr("s_t", now.getEpochSecond()).build());
    }

    private Node description(SimGroup group, PhoneAccount actor, Node iq, Node content) {
        if (!group.mayEditInfo(actor)) {
            return notAdmin(iq);
        }
        String prev = content.attr("prev", "");
        if (!prev.equals(group.descriptionId())) {
            return GroupService.error(iq, 409, "conflict");
        }
        String id = content.attr("id", "");
        Node body = content.child("body");
        boolean delete = "true".equals(content.attr("delete")) || body == null;
        String text = delete ? "" : body.contentString();
        group.description(text == null ? "" : text, id);
        NodeBuilder change = Node.builder("description").attr("id", id);
        change.child(delete ? Node.of("delete")
                : Node.builder("body").bytes(text.getBytes(StandardCharsets.UTF_8)).build());
        return changed(group, actor, iq, change.build());
    }

    private Node inviteInfo(Node iq, Node invite) {
        String code = invite.attr("code", "");
        Optional<SimGroup> group = byCode(code);
        if (group.isEmpty()) {
            return GroupService.error(iq, revoked.contains(code) ? 410 : 406, revoked.contains(code) ? "gone"
                    : "not-acceptable");
        }
        return GroupService.result(iq, service.metadata(group.get()));
    }

    private Node join(PhoneAccount actor, Node iq, Node invite) {
        Joined j = join(actor, invite.attr("code", ""));
        if (j.error() != 0) {
            return GroupService.error(iq, j.error(), j.error() == 410 ? "gone" : j.error() == 409 ? "conflict"
                    : "not-acceptable");
        }
        return GroupService.result(iq, Node.builder(j.pending() ? "membership_approval_request" : "group")
                .attr("jid", j.group().jid()).build());
    }

    /** The outcome of a join by invite code: {@code error} 0 when joined or requested, else the server's code. */
    record Joined(int error, SimGroup group, boolean pending) {}

    Joined join(PhoneAccount actor, String code) {
        Optional<SimGroup> found = byCode(code);
        if (found.isEmpty()) {
            return new Joined(revoked.contains(code) ? 410 : 406, null, false);
        }
        SimGroup group = found.get();
        if (group.isMember(actor)) {
            return new Joined(409, group, false);
        }
        if (group.approval()) {
            if (group.request(actor, service.clock().instant())) {
                List<PhoneAccount> admins = group.members().stream().filter(group::isAdmin).toList();
                service.notify(group, actor, Node.builder("created_membership_requests")
                        .child(GroupService.participant(group, actor)).build(), admins);
            }
            return new Joined(0, group, true);
        }
        service.add(group, actor, List.of(actor));
        return new Joined(0, group, false);
    }

    private Node requests(SimGroup group, Node iq) {
        NodeBuilder list = Node.builder("membership_approval_requests");
        for (Map.Entry<PhoneAccount, Instant> r : group.requests().entrySet()) {
            list.child(Node.builder("membership_approval_request").attr("jid", group.address(r.getKey()))
                    .attr("request_time", r.getValue().getEpochSecond()).build());
        }
        return GroupService.result(iq, list.build());
    }

    private Node requestAction(SimGroup group, PhoneAccount actor, Node iq, Node content) {
        List<Node> actions = content.children();
        if (actions.isEmpty() || !(actions.getFirst().is("approve") || actions.getFirst().is("reject"))) {
            return GroupService.error(iq, 400, "bad-request");
        }
        Node action = actions.getFirst();
        NodeBuilder answer = Node.builder(action.tag());
        List<PhoneAccount> approved = new ArrayList<>();
        for (Node p : action.children("participant")) {
            String jid = p.attr("jid", "");
            Optional<PhoneAccount> a = account(jid);
            boolean pending = a.isPresent() && group.dropRequest(a.get());
            NodeBuilder r = Node.builder("participant").attr("jid", jid);
            if (!pending) {
                r.attr("error", 404);
            } else if (action.is("approve")) {
                approved.add(a.get());
            }
            answer.child(r.build());
        }
        service.add(group, actor, approved);
        return GroupService.result(iq, Node.builder("membership_requests_action").child(answer.build()).build());
    }

    private Optional<SimGroup> byCode(String code) {
        if (code.isEmpty()) {
            return Optional.empty();
        }
        return service.all().stream().filter(g -> code.equals(g.peekInviteCode())).findFirst();
    }

    private Optional<PhoneAccount> account(String jid) {
        Jid parsed = jid == null ? null : Jid.tryParse(jid);
        return parsed == null ? Optional.empty() : service.accounts().find(parsed);
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
