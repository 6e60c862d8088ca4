package io.wabridge.bridge.community;

import io.wabridge.bridge.group.GroupContract;
import io.wabridge.client.community.Communities;
import io.wabridge.client.community.CommunityException;
import io.wabridge.client.community.CommunityMetadata;
import io.wabridge.proto.v1.Community;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.LinkedGroup;
import java.util.List;

/** The client's community values in the contract's shape (communities.proto, GroupUpdate.link). */
public final class CommunityContract {

    private CommunityContract() {
    }

    /** A group's community flags, with a community's linked groups (empty for other groups). */
    public static Community community(CommunityMetadata m, List<Communities.LinkedGroup> linked) {
        Community.Builder b = Community.newBuilder().setGroup(GroupContract.metadata(m.group()))
                .setIsCommunity(m.community()).setMembershipApprovalMode(m.membershipApprovalMode())
                .setAnnouncementGroup(m.announcementGroup());
        if (m.parent() != null) {
            b.setParent(m.parent().toString());
        }
        List<Communities.LinkedGroup> ordered = linked.stream()
                .sorted((x, y) -> Boolean.compare(y.announcement(), x.announcement())).toList();
        for (Communities.LinkedGroup g : ordered) {
            b.addLinkedGroups(LinkedGroup.newBuilder().setJid(g.jid().toString()).setSubject(g.subject())
                    .setAnnouncement(g.announcement()));
            if (g.announcement() && b.getAnnouncementGroupJid().isEmpty()) {
                b.setAnnouncementGroupJid(g.jid().toString());
            }
        }
        return b.build();
    }

    /** The error code of a community refusal. */
    public static ErrorCode code(CommunityException e) {
        return switch (e.reason()) {
            case NOT_COMMUNITY_ADMIN -> ErrorCode.NOT_COMMUNITY_ADMIN;
            case ALREADY_LINKED -> ErrorCode.GROUP_ALREADY_LINKED;
            case NOT_LINKED -> ErrorCode.GROUP_NOT_LINKED;
            case NOT_A_COMMUNITY -> ErrorCode.NOT_A_COMMUNITY;
        };
    }
}
