package io.wabridge.simulator.community;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.group.GroupService;
import io.wabridge.simulator.group.SimGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The community iqs ({@code w:g2}) of the group server:
 * <ul>
 *   <li>{@code <create subject key>[<description id><body/>]<parent default_membership_approval_mode/>} to
 *       {@code g.us}: a community of the creator (super admin) and its announcement group ({@code
 *       <default_sub_group/>}, announcement mode, linked to it), both told to the creator ({@code <create>});
 *       answered with the community's {@code <group>};
 *   <li>{@code <links><link link_type=sub_group><group jid/>..} to a community: links groups;
 *   <li>{@code <unlink unlink_type=sub_group><group jid/>} to a community: unlinks one;
 *   <li>{@code <create subject key><participant jid/>..<linked_parent jid/>} to {@code g.us}: a group made inside a
 *       community (its admins only), told to its members ({@code <create>}) and to the community's ({@code <link>});
 *   <li>{@code <sub_groups/>} get to a community: {@code <sub_groups><group id subject [<default_sub_group/>]/>..}.
 * </ul>
 * Authorization and codes: 404 no such community or group, 403 not a member of the community, 406 the group named
 * as the community is not one (or a community linked into another), 401 not an admin of the community or of the
 * group to link, 409 a group linked already (to any community) or, on unlink, not linked to this one, 405 the
 * announcement group cannot be unlinked. WhatsApp's own codes for these refusals are not documented by whatsmeow or
 * Baileys: 401, 403, 404 are theirs for groups, 406 and 409 are this server's choice. A link change is told to every
 * member device of both groups ({@code <notification type=w:gp2>}): from the community {@code <link
 * link_type=sub_group><group jid subject/>}, from the group {@code <link link_type=parent><group jid=COMMUNITY
 * subject/>}; unlinks alike with {@code <unlink unlink_type unlink_reason=unlink_group>}. Thread-safe (the group
 * server's groups are).
 */
public final class CommunityServer implements GroupService.Extension {
    static final int MAX_SUBJECT = 100;

    private final GroupService groups;

    public CommunityServer(GroupService groups) {
        this.groups = groups;
    }

    @Override
    public Node handle(PhoneAccount actor, Node iq, Node content, Jid to, SimGroup group) {
        boolean set = "set".equals(iq.attr("type"));
        if (to == null) {
            if (!content.is("create") || !set) {
                return null;
            }
            return content.child("parent") != null ? create(actor, iq, content)
                    : content.child("linked_parent") != null ? createInside(actor, iq, content) : null;
        }
        if (!(content.is("links") || content.is("unlink") || content.is("sub_groups"))) {
            return null;
        }
        if (group == null) {
            return GroupService.error(iq, 404, "item-not-found");
        }
        if (!group.isMember(actor)) {
            return GroupService.error(iq, 403, "forbidden");
        }
        if (!group.community()) {
            return GroupService.error(iq, 406, "not-acceptable");
        }
        if (content.is("sub_groups")) {
            return subGroups(iq, group);
        }
        if (!set) {
            return GroupService.error(iq, 400, "bad-request");
        }
        if (!group.isAdmin(actor)) {
            return GroupService.error(iq, 401, "not-authorized");
        }
        return content.is("links") ? link(actor, iq, content, group) : unlink(actor, iq, content, group);
    }

    private Node create(PhoneAccount creator, Node iq, Node create) {
        String subject = create.attr("subject", "");
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT) {
            return GroupService.error(iq, 406, "not-acceptable");
        }
        SimGroup community = createCommunity(creator, subject, List.of(),
                create.child("parent").attr("default_membership_approval_mode", ""));
        Node description = create.child("description");
        Node body = description == null ? null : description.child("body");
        if (body != null && body.contentString() != null && !body.contentString().isEmpty()) {
            community.description(body.contentString(), description.attr("id", ""));
        }
        SimGroup announcements = linked(community).getFirst();
        String key = create.attr("key");
        for (SimGroup made : List.of(community, announcements)) {
            NodeBuilder c = Node.builder("create").attr("type", "new");
            if (key != null && made == community) {
                c.attr("key", key);
            }
            groups.notify(made, creator, c.child(groups.metadata(made)).build(), made.members());
        }
        return GroupService.result(iq, groups.metadata(community));
    }

    /** {@code <create subject key><participant jid/>..<linked_parent jid/>}: a new group linked to the community. */
    private Node createInside(PhoneAccount creator, Node iq, Node create) {
        Optional<SimGroup> found = target(create.child("linked_parent"));
        if (found.isEmpty()) {
            return GroupService.error(iq, 404, "item-not-found");
        }
        SimGroup community = found.get();
        int refused = !community.isMember(creator) ? 403 : !community.community() ? 406
                : !community.isAdmin(creator) ? 401 : 0;
        String subject = create.attr("subject", "");
        if (refused == 0 && (subject.isEmpty() || subject.length() > MAX_SUBJECT)) {
            refused = 406;
        }
        if (refused != 0) {
            return refusal(iq, refused);
        }
        List<PhoneAccount> others = new ArrayList<>();
        for (Node p : create.children("participant")) {
            Jid jid = Jid.tryParse(p.attr("jid", ""));
            Optional<PhoneAccount> a = jid == null ? Optional.empty() : groups.accounts().find(jid);
            if (a.isPresent() && a.get() != creator && !others.contains(a.get())) {
                others.add(a.get());
            }
        }
        SimGroup made = groups.create(subject, creator, others, false);
        made.linkedParent(community.jid());
        NodeBuilder c = Node.builder("create").attr("type", "new");
        String key = create.attr("key");
        if (key != null) {
            c.attr("key", key);
        }
        groups.notify(made, creator, c.child(groups.metadata(made)).build(), made.members());
        groups.notify(community, creator, change("link", "link_type", "sub_group", null, made), community.members());
        return GroupService.result(iq, groups.metadata(made));
    }

    private Node subGroups(Node iq, SimGroup community) {
        NodeBuilder list = Node.builder("sub_groups");
        for (SimGroup g : linked(community)) {
            NodeBuilder entry = Node.builder("group").attr("id", g.jid().user()).attr("subject", g.subject())
                    .attr("s_t", g.subjectTime().getEpochSecond());
            if (g.announcementGroup()) {
                entry.child(Node.of("default_sub_group"));
            }
            list.child(entry.build());
        }
        return GroupService.result(iq, list.build());
    }

    private List<SimGroup> linked(SimGroup community) {
        List<SimGroup> out = new ArrayList<>();
        for (SimGroup g : groups.all()) {
            if (community.jid().equals(g.linkedParent())) {
                out.add(g);
            }
        }
        out.sort((a, b) -> Boolean.compare(b.announcementGroup(), a.announcementGroup()));
        return out;
    }

    private Node link(PhoneAccount actor, Node iq, Node links, SimGroup community) {
        List<SimGroup> targets = new ArrayList<>();
        for (Node link : links.children("link")) {
            if (!"sub_group".equals(link.attr("link_type"))) {
                return GroupService.error(iq, 400, "bad-request");
            }
            for (Node g : link.children("group")) {
                Optional<SimGroup> target = target(g);
                if (target.isEmpty()) {
                    return GroupService.error(iq, 404, "item-not-found");
                }
                int refused = linkRefusal(actor, community, target.get());
                if (refused != 0) {
                    return refusal(iq, refused);
                }
                targets.add(target.get());
            }
        }
        if (targets.isEmpty()) {
            return GroupService.error(iq, 400, "bad-request");
        }
        NodeBuilder answer = Node.builder("link").attr("link_type", "sub_group");
        for (SimGroup t : targets) {
            link(actor, community, t);
            answer.child(Node.builder("group").attr("jid", t.jid()).build());
        }
        return GroupService.result(iq, Node.builder("links").child(answer.build()).build());
    }

    /**
     * A simulated phone links {@code group} to {@code community} (as its link iq would): both groups' members are
     * told. Returns 0, or the code the server refuses with.
     */
    public int link(PhoneAccount actor, SimGroup community, SimGroup group) {
        int refused = !community.isMember(actor) ? 403 : !community.community() ? 406
                : !community.isAdmin(actor) ? 401 : linkRefusal(actor, community, group);
        if (refused == 0) {
            group.linkedParent(community.jid());
            tell(actor, community, group, "link", "link_type", null);
        }
        return refused;
    }

    private static int linkRefusal(PhoneAccount actor, SimGroup community, SimGroup target) {
        if (target.community()) {
            return 406;
        }
        if (!target.isAdmin(actor)) {
            return 401;
        }
        return target.linkedParent() != null ? 409 : 0;
    }

    private static Node refusal(Node iq, int code) {
        return GroupService.error(iq, code, switch (code) {
            case 401 -> "not-authorized";
            case 403 -> "forbidden";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            default -> "bad-request";
        });
    }

    /** A simulated phone makes a community of its own (with its announcement group); nobody is told. */
    public SimGroup createCommunity(PhoneAccount creator, String subject, List<PhoneAccount> others,
                                    String approvalMode) {
        SimGroup community = groups.create(subject, creator, others, false);
        community.makeCommunity(approvalMode);
        SimGroup announcements = groups.create(subject, creator, others, false);
        announcements.makeAnnouncementGroup(community.jid());
        return community;
    }

    private Node unlink(PhoneAccount actor, Node iq, Node unlink, SimGroup community) {
        Node g = unlink.child("group");
        Optional<SimGroup> target = g == null ? Optional.empty() : target(g);
        if (target.isEmpty()) {
            return GroupService.error(iq, g == null ? 400 : 404, g == null ? "bad-request" : "item-not-found");
        }
        SimGroup t = target.get();
        if (!community.jid().equals(t.linkedParent())) {
            return GroupService.error(iq, 409, "conflict");
        }
        if (t.announcementGroup()) {
            return GroupService.error(iq, 405, "not-allowed");
        }
        t.linkedParent(null);
        tell(actor, community, t, "unlink", "unlink_type", "unlink_group");
        return GroupService.result(iq);
    }

    /** Tells the community's members (sub_group) and the group's members (parent) of one link change. */
    private void tell(PhoneAccount actor, SimGroup community, SimGroup group, String tag, String typeAttr,
                      String reason) {
        groups.notify(community, actor, change(tag, typeAttr, "sub_group", reason, group), community.members());
        groups.notify(group, actor, change(tag, typeAttr, "parent", reason, community), group.members());
    }

    private static Node change(String tag, String typeAttr, String type, String reason, SimGroup other) {
        NodeBuilder c = Node.builder(tag).attr(typeAttr, type);
        if (reason != null) {
            c.attr("unlink_reason", reason);
        }
        NodeBuilder g = Node.builder("group").attr("jid", other.jid()).attr("subject", other.subject());
        if (other.announcementGroup()) {
            g.child(Node.of("default_sub_group"));
        }
        return c.child(g.build()).build();
    }

    private Optional<SimGroup> target(Node group) {
        String id = group.attr("jid", group.attr("id", ""));
        Jid jid = id.isEmpty() ? null : Jid.tryParse(id.contains("@") ? id : id + "@g.us");
        return jid == null || !jid.isGroup() ? Optional.empty() : groups.find(jid);
    }
}
