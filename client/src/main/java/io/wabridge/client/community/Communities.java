package io.wabridge.client.community;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.group.GroupAdminException;
import io.wabridge.client.group.GroupMetadataQuery;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.session.Failures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One account's communities, each request one {@code w:g2} iq through {@link GroupAdmin#request} (several for a
 * create and a list):
 * <ul>
 *   <li>create: {@code <create subject key><description id><body/></description><parent
 *       default_membership_approval_mode="request_required"/></create>} to {@code g.us}, answered with the
 *       community's {@code <group>}; the server makes its announcement group, read back with {@code <sub_groups/>};
 *   <li>link: {@code <links><link link_type="sub_group"><group jid/></link></links>} to the community;
 *   <li>unlink: {@code <unlink unlink_type="sub_group"><group jid/></unlink>} to the community;
 *   <li>linked groups: {@code <sub_groups/>} to the community, answered {@code <sub_groups><group id subject
 *       [<default_sub_group/>]/>..};
 *   <li>a group inside a community: {@code <create subject key><participant jid/>..<linked_parent jid/>} to
 *       {@code g.us} (whatsmeow {@code CreateGroup} with {@code LinkedParentJID}, Baileys {@code communityCreateGroup});
 *   <li>ours: the {@code participating} list, keeping the groups with {@code <parent>}.
 * </ul>
 * A refusal with a community meaning fails the future with {@link CommunityException} (401 not a community admin,
 * 409 already linked / not linked, 406 not a community); others stay {@link GroupAdminException}. The server tells
 * every member of both groups of a link change (a {@code w:gp2} {@code <link>} / {@code <unlink>}), which the
 * group notifications turn into LINKED / UNLINKED {@code GroupUpdate} events. Stateless; any thread.
 */
public final class Communities {

    /** WhatsApp's default for a new community: joining needs an admin's approval. */
    public static final String DEFAULT_APPROVAL_MODE = "request_required";

    /** A group linked to a community, as {@code <sub_groups>} lists it. */
    public record LinkedGroup(Jid jid, String subject, boolean announcement) {
        public LinkedGroup {
            Objects.requireNonNull(jid, "jid");
            subject = subject == null ? "" : subject;
        }
    }

    /** A community and the groups linked to it (its announcement group among them). */
    public record Community(CommunityMetadata metadata, List<LinkedGroup> groups) {
        public Community {
            Objects.requireNonNull(metadata, "metadata");
            groups = List.copyOf(groups);
        }

        public Jid jid() {
            return metadata.jid();
        }

        /** The announcement group (only admins post), null when the server listed none. */
        public Jid announcementGroup() {
            return groups.stream().filter(LinkedGroup::announcement).map(LinkedGroup::jid).findFirst().orElse(null);
        }
    }

    private final GroupAdmin admin;

    public Communities(GroupAdmin admin) {
        this.admin = Objects.requireNonNull(admin, "admin");
    }

    /**
     * Creates a community of us (its super admin) named {@code subject}, with an optional description; completes
     * with it and its linked groups (the announcement group the server made).
     */
    public CompletableFuture<Community> create(String subject, String description) {
        Objects.requireNonNull(subject, "subject");
        NodeBuilder create = Node.builder("create").attr("subject", subject).attr("key", newId());
        if (description != null && !description.isEmpty()) {
            create.child(Node.builder("description").attr("id", newId())
                    .child(Node.builder("body").bytes(description.getBytes(StandardCharsets.UTF_8)).build()).build());
        }
        create.child(Node.builder("parent").attr("default_membership_approval_mode", DEFAULT_APPROVAL_MODE).build());
        return admin.request("set", GroupAdmin.GROUP_SERVER, create.build())
                .thenApply(r -> CommunityMetadata.parse(null, GroupAdmin.groupOf(r)))
                .thenCompose(metadata -> linkedGroups(metadata.jid()).thenApply(g -> new Community(metadata, g)));
    }

    /**
     * Creates a group inside a community we admin ({@code <create subject key><participant jid/>..<linked_parent
     * jid/>}): us (super admin) and {@code participants}; completes with the new group's metadata.
     */
    public CompletableFuture<CommunityMetadata> createGroup(Jid community, String subject, List<Jid> participants) {
        GroupAdmin.requireGroup(community);
        Objects.requireNonNull(subject, "subject");
        NodeBuilder create = Node.builder("create").attr("subject", subject).attr("key", newId());
        for (Jid p : participants) {
            create.child(Node.builder("participant").attr("jid", p.toNonAd()).build());
        }
        create.child(Node.builder("linked_parent").attr("jid", community.toNonAd()).build());
        return community(admin.request("set", GroupAdmin.GROUP_SERVER, create.build()), false)
                .thenApply(r -> CommunityMetadata.parse(null, GroupAdmin.groupOf(r)));
    }

    /** The communities we are in, each with its linked groups. */
    public CompletableFuture<List<Community>> communities() {
        Node request = Node.builder("participating").children(Node.of("participants"), Node.of("description")).build();
        return admin.request("get", GroupAdmin.GROUP_SERVER, request).thenCompose(r -> {
            Node groups = r.child("groups");
            if (groups == null) {
                throw GroupAdmin.malformed("group list answer without <groups>", r);
            }
            Map<Jid, CompletableFuture<Community>> all = new LinkedHashMap<>();
            for (Node g : groups.children("group")) {
                if (g.child("parent") != null) {
                    CommunityMetadata m = CommunityMetadata.parse(null, g);
                    all.put(m.jid(), linkedGroups(m.jid()).thenApply(linked -> new Community(m, linked)));
                }
            }
            return CompletableFuture.allOf(all.values().toArray(CompletableFuture[]::new))
                    .thenApply(v -> all.values().stream().map(CompletableFuture::join).toList());
        });
    }

    /** A group's metadata with its community flags (asked of the server). */
    public CompletableFuture<CommunityMetadata> metadata(Jid group) {
        GroupAdmin.requireGroup(group);
        Node query = GroupMetadataQuery.request(group).children().getFirst();
        return admin.request("get", group, query).thenApply(r -> CommunityMetadata.parse(group, GroupAdmin.groupOf(r)));
    }

    /** The groups linked to a community, its announcement group among them. */
    public CompletableFuture<List<LinkedGroup>> linkedGroups(Jid community) {
        GroupAdmin.requireGroup(community);
        return community(admin.request("get", community, Node.of("sub_groups")), false).thenApply(r -> {
            Node list = r.child("sub_groups");
            if (list == null) {
                throw GroupAdmin.malformed("sub-group answer without <sub_groups>", r);
            }
            List<LinkedGroup> out = new ArrayList<>();
            for (Node g : list.children("group")) {
                String id = g.attr("jid", g.attr("id", ""));
                Jid jid = id.contains("@") ? Jid.tryParse(id) : Jid.tryParse(id + "@g.us");
                if (jid != null && jid.isGroup()) {
                    out.add(new LinkedGroup(jid.toNonAd(), g.attr("subject", ""), g.child("default_sub_group") != null));
                }
            }
            return out;
        });
    }

    /** Links an existing group (we must admin both) to the community. */
    public CompletableFuture<Void> link(Jid community, Jid group) {
        GroupAdmin.requireGroup(community);
        GroupAdmin.requireGroup(group);
        Node links = Node.builder("links").child(Node.builder("link").attr("link_type", "sub_group")
                .child(Node.builder("group").attr("jid", group.toNonAd()).build()).build()).build();
        return community(admin.request("set", community, links), true).thenApply(r -> null);
    }

    /** Unlinks a group from the community (the group stays, outside it). */
    public CompletableFuture<Void> unlink(Jid community, Jid group) {
        GroupAdmin.requireGroup(community);
        GroupAdmin.requireGroup(group);
        Node unlink = Node.builder("unlink").attr("unlink_type", "sub_group")
                .child(Node.builder("group").attr("jid", group.toNonAd()).build()).build();
        return community(admin.request("set", community, unlink), false).thenApply(r -> null);
    }

    /** Reads the server's codes that have a community meaning; {@code link}: 409 means already linked. */
    private static CompletableFuture<Node> community(CompletableFuture<Node> request, boolean link) {
        return request.exceptionallyCompose(failure -> {
            Throwable cause = Failures.unwrap(failure);
            if (cause instanceof GroupAdminException e) {
                CommunityException.Reason reason = switch (e.code()) {
                    case 401 -> CommunityException.Reason.NOT_COMMUNITY_ADMIN;
                    case 406 -> CommunityException.Reason.NOT_A_COMMUNITY;
                    case 409 -> link ? CommunityException.Reason.ALREADY_LINKED : CommunityException.Reason.NOT_LINKED;
                    default -> null;
                };
                if (reason != null) {
                    return CompletableFuture.failedFuture(new CommunityException(reason, e.code(), e.getMessage(), e));
                }
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static String newId() {
        byte[] id = new byte[8];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().withUpperCase().formatHex(id);
    }
}
