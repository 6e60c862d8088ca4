package io.wabridge.client.community;

import io.wabridge.client.binary.Node;
import io.wabridge.client.group.GroupMetadata;
import io.wabridge.client.jid.Jid;
import java.util.Objects;

/**
 * A group's metadata with its community flags, read from the same {@code <group>} element: {@code <parent
 * default_membership_approval_mode>} (the group is a community), {@code <linked_parent jid>} (it is linked to one),
 * {@code <default_sub_group/>} (it is a community's announcement group).
 *
 * @param group                   the group's metadata
 * @param community               the group is a community ({@code <parent>})
 * @param membershipApprovalMode  a community's {@code default_membership_approval_mode} ("" when not told)
 * @param parent                  the community this group is linked to, null when none
 * @param announcementGroup       the group is its community's announcement group ({@code <default_sub_group/>})
 */
public record CommunityMetadata(GroupMetadata group, boolean community, String membershipApprovalMode, Jid parent,
                                boolean announcementGroup) {

    public CommunityMetadata {
        Objects.requireNonNull(group, "group");
        membershipApprovalMode = membershipApprovalMode == null ? "" : membershipApprovalMode;
    }

    public Jid jid() {
        return group.jid();
    }

    /** Reads one {@code <group>} (metadata, list and create answers). */
    public static CommunityMetadata parse(Jid fallback, Node group) {
        GroupMetadata metadata = GroupMetadata.parse(fallback, group);
        Node parentFlag = group.child("parent");
        Node linked = group.child("linked_parent");
        Jid parent = linked == null ? null : Jid.tryParse(linked.attr("jid", ""));
        return new CommunityMetadata(metadata, parentFlag != null,
                parentFlag == null ? "" : parentFlag.attr("default_membership_approval_mode", ""),
                parent == null || !parent.isGroup() ? null : parent.toNonAd(), group.child("default_sub_group") != null);
    }
}
