package io.wabridge.client.group;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent.GroupUpdate;
import io.wabridge.client.events.ClientEvent.GroupUpdate.Kind;
import io.wabridge.client.events.ClientEvent.GroupUpdate.Member;
import io.wabridge.client.jid.Jid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a {@code <notification type=w:gp2 from=GROUP participant=ACTOR [participant_pn] t id>} into one
 * {@link GroupUpdate} per child (whatsmeow {@code parseGroupChange}, Baileys' {@code w:gp2} handling):
 * {@code add|remove|leave|promote|demote|modify} with {@code <participant jid [phone_number|lid]>} children,
 * {@code create} with a {@code <group>}, {@code subject subject=}, {@code description id><body>|<delete>},
 * {@code announcement|not_announcement}, {@code locked|unlocked}, {@code membership_approval_mode<group_join
 * state>}, {@code ephemeral expiration|not_ephemeral}, {@code invite code|revoke}, membership requests and
 * {@code delete}, and community links ({@code link link_type|unlink unlink_type unlink_reason} with {@code <group
 * jid subject [<default_sub_group/>]>}: LINKED / UNLINKED with {@link GroupUpdate.Link}). A {@code remove} whose only participant is the actor is a member leaving. Anything else is an
 * {@link Kind#UNKNOWN} event with its tag; a child that does not read as expected is UNKNOWN too, never fatal.
 */
public final class GroupNotifications {

    private GroupNotifications() {
    }

    /** The events of one notification; empty when it is not from a group. */
    public static List<GroupUpdate> parse(Node notification) {
        Jid group = Jid.tryParse(notification.attr("from"));
        if (group == null || !group.isGroup()) {
            return List.of();
        }
        group = group.toNonAd();
        Jid actor = user(notification.attr("participant"));
        Jid actorPn = user(notification.attr("participant_pn"));
        long t = GroupMetadata.number(notification.attr("t"));
        Instant at = Instant.ofEpochSecond(Math.max(0, t));
        String id = notification.attr("id");
        List<GroupUpdate> out = new ArrayList<>();
        for (Node child : notification.children()) {
            Change c = change(child, actor);
            out.add(new GroupUpdate(group, c.kind, actor, actorPn, c.members, c.subject, c.description, c.enabled,
                    c.ephemeral, c.invite, child.tag(), at, id, c.link));
        }
        return out;
    }

    private static final class Change {
        Kind kind = Kind.UNKNOWN;
        List<Member> members = List.of();
        String subject;
        String description;
        Boolean enabled;
        int ephemeral;
        String invite;
        GroupUpdate.Link link;

        Change kind(Kind k) {
            this.kind = k;
            return this;
        }
    }

    private static Change change(Node child, Jid actor) {
        Change c = new Change();
        switch (child.tag()) {
            case "add" -> c.kind(Kind.PARTICIPANTS_ADDED).members = members(child);
            case "promote" -> c.kind(Kind.PARTICIPANTS_PROMOTED).members = members(child);
            case "demote" -> c.kind(Kind.PARTICIPANTS_DEMOTED).members = members(child);
            case "leave" -> c.kind(Kind.PARTICIPANTS_LEFT).members = members(child);
            case "modify" -> c.kind(Kind.PARTICIPANT_NUMBER_CHANGED).members = members(child);
            case "remove" -> {
                c.members = members(child);
                boolean self = actor != null && c.members.size() == 1 && c.members.getFirst().jid().equals(actor);
                c.kind(self ? Kind.PARTICIPANTS_LEFT : Kind.PARTICIPANTS_REMOVED);
            }
            case "create" -> {
                Node g = child.child("group");
                if (g != null) {
                    try {
                        GroupInfo info = GroupMetadataQuery.parseGroup(null, g);
                        c.kind(Kind.CREATED).subject = info.subject();
                        c.members = info.participants().stream().map(p -> new Member(p.jid(), p.pn(), p.lid())).toList();
                    } catch (MalformedGroupResponseException e) {
                        c.kind(Kind.UNKNOWN);
                    }
                }
            }
            case "subject" -> c.kind(Kind.SUBJECT).subject = child.attr("subject", "");
            case "description" -> {
                Node body = child.child("body");
                c.kind(Kind.DESCRIPTION).description = body == null || child.child("delete") != null ? ""
                        : Objects.requireNonNullElse(body.contentString(), "");
            }
            case "announcement", "not_announcement" ->
                    c.kind(Kind.ANNOUNCEMENT).enabled = "announcement".equals(child.tag());
            case "locked", "unlocked" -> c.kind(Kind.LOCKED).enabled = "locked".equals(child.tag());
            case "membership_approval_mode" -> {
                Node join = child.child("group_join");
                c.kind(Kind.APPROVAL_MODE).enabled = join == null || !"off".equals(join.attr("state"));
            }
            case "ephemeral" -> c.kind(Kind.EPHEMERAL).ephemeral =
                    (int) Math.min(Integer.MAX_VALUE, GroupMetadata.number(child.attr("expiration")));
            case "not_ephemeral" -> c.kind(Kind.EPHEMERAL).ephemeral = 0;
            case "invite", "revoke" -> c.kind(Kind.INVITE_LINK).invite = child.attr("code");
            case "membership_approval_request", "created_membership_requests" -> {
                c.kind(Kind.MEMBERSHIP_REQUEST);
                List<Member> m = members(child);
                Jid requester = user(child.attr("jid"));
                c.members = !m.isEmpty() ? m : requester != null ? List.of(new Member(requester, null, null))
                        : actor != null ? List.of(new Member(actor, null, null)) : List.of();
            }
            case "delete" -> c.kind(Kind.DELETED);
            case "link", "unlink" -> {
                boolean linked = child.is("link");
                c.link = link(child, child.attr(linked ? "link_type" : "unlink_type"),
                        linked ? "" : child.attr("unlink_reason", ""));
                if (c.link != null) {
                    c.kind(linked ? Kind.LINKED : Kind.UNLINKED).subject = c.link.subject();
                }
            }
            default -> { }
        }
        return c;
    }

    /** The other group of a {@code <link>} / {@code <unlink>}; null (the change stays UNKNOWN) without one. */
    private static GroupUpdate.Link link(Node change, String type, String reason) {
        Node g = change.child("group");
        String id = g == null ? null : g.attr("jid", g.attr("id"));
        Jid other = id == null ? null : id.contains("@") ? Jid.tryParse(id) : Jid.tryParse(id + "@g.us");
        if (other == null || !other.isGroup()) {
            return null;
        }
        return new GroupUpdate.Link(other.toNonAd(), g.attr("subject", ""), GroupUpdate.LinkType.parse(type),
                g.child("default_sub_group") != null, reason);
    }

    private static List<Member> members(Node change) {
        List<Member> out = new ArrayList<>();
        for (Node p : change.children("participant")) {
            Jid jid = user(p.attr("jid"));
            if (jid == null) {
                continue;
            }
            Jid pn = jid.isPn() ? jid : user(p.attr("phone_number"));
            Jid lid = jid.isLid() ? jid : user(p.attr("lid"));
            out.add(new Member(jid, pn, lid));
        }
        return out;
    }

    private static Jid user(String value) {
        Jid j = value == null ? null : Jid.tryParse(value);
        return j == null ? null : j.toNonAd();
    }
}
