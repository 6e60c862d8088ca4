package io.wabridge.bridge.group;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.group.GroupInfo;
import io.wabridge.client.group.GroupMetadata;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.GroupParticipant;
import io.wabridge.proto.v1.GroupUpdate;
import io.wabridge.proto.v1.ParticipantResult;
import io.wabridge.proto.v1.Sender;

/** The contract's group messages (groups.proto) from the client's group types. JIDs are user JIDs without device. */
public final class GroupContract {

    private GroupContract() {
    }

    public static io.wabridge.proto.v1.GroupMetadata metadata(GroupMetadata m) {
        io.wabridge.proto.v1.GroupMetadata.Builder b = io.wabridge.proto.v1.GroupMetadata.newBuilder()
                .setJid(m.jid().toString()).setSubject(m.subject()).setDescription(m.description())
                .setAnnouncement(m.announcement()).setLocked(m.locked()).setApprovalRequired(m.approvalRequired())
                .setEphemeralSeconds(m.ephemeralSeconds()).setSize(m.size())
                .setAddressingMode(m.info().addressingMode() == GroupInfo.AddressingMode.LID
                        ? io.wabridge.proto.v1.GroupMetadata.AddressingMode.LID
                        : io.wabridge.proto.v1.GroupMetadata.AddressingMode.PN);
        if (m.owner() != null) {
            b.setOwner(m.owner().toString());
        }
        if (m.created() != null) {
            b.setCreatedAt(EventFactory.timestamp(m.created()));
        }
        for (GroupInfo.Participant p : m.info().participants()) {
            GroupParticipant.Builder gp = GroupParticipant.newBuilder().setJid(p.jid().toString())
                    .setRole(switch (p.role()) {
                        case MEMBER -> GroupParticipant.Role.MEMBER;
                        case ADMIN -> GroupParticipant.Role.ADMIN;
                        case SUPERADMIN -> GroupParticipant.Role.SUPERADMIN;
                    });
            if (p.pn() != null) {
                gp.setPn(p.pn().toString());
            }
            if (p.lid() != null) {
                gp.setLid(p.lid().toString());
            }
            b.addParticipants(gp);
        }
        return b.build();
    }

    public static ParticipantResult participantResult(GroupAdmin.ParticipantResult r) {
        ParticipantResult.Builder b = ParticipantResult.newBuilder().setJid(r.jid().toString())
                .setCode(r.code()).setStatus(GroupCommands.status(r.code()));
        if (r.inviteCode() != null) {
            b.setInviteCode(r.inviteCode());
        }
        return b.build();
    }

    /** The group_update event of a client GroupUpdate. */
    public static GroupUpdate update(ClientEvent.GroupUpdate u) {
        GroupUpdate.Builder b = GroupUpdate.newBuilder().setGroup(u.group().toString())
                .setKind(GroupUpdate.Kind.valueOf(u.kind().name())).setTag(u.tag())
                .setTimestamp(EventFactory.timestamp(u.timestamp())).setEphemeralSeconds(u.ephemeralSeconds());
        if (u.actor() != null) {
            b.setActor(sender(u.actor(), u.actorPn()));
        }
        for (ClientEvent.GroupUpdate.Member m : u.participants()) {
            Sender.Builder s = Sender.newBuilder();
            Jid pn = m.pn() != null ? m.pn() : m.jid().isPn() ? m.jid() : null;
            Jid lid = m.lid() != null ? m.lid() : m.jid().isLid() ? m.jid() : null;
            if (pn != null) {
                s.setPn(pn.toString());
            }
            if (lid != null) {
                s.setLid(lid.toString());
            }
            b.addParticipants(s);
        }
        if (u.subject() != null) {
            b.setSubject(u.subject());
        }
        if (u.description() != null) {
            b.setDescription(u.description());
        }
        if (u.enabled() != null) {
            b.setEnabled(u.enabled());
        }
        if (u.inviteCode() != null) {
            b.setInviteCode(u.inviteCode());
        }
        if (u.link() != null) {
            b.setLink(link(u.link()));
        }
        return b.build();
    }

    private static Sender sender(Jid actor, Jid actorPn) {
        Sender.Builder s = Sender.newBuilder();
        if (actor.isLid()) {
            s.setLid(actor.toString());
            if (actorPn != null) {
                s.setPn(actorPn.toString());
            }
        } else {
            s.setPn(actor.toString());
        }
        return s.build();
    }

    /** GroupUpdate.link of a LINKED / UNLINKED update. */
    static io.wabridge.proto.v1.GroupLink link(ClientEvent.GroupUpdate.Link link) {
        return io.wabridge.proto.v1.GroupLink.newBuilder().setGroup(link.group().toString()).setSubject(link.subject())
                .setType(switch (link.type()) {
                    case PARENT -> io.wabridge.proto.v1.GroupLink.Type.PARENT;
                    case SUB_GROUP -> io.wabridge.proto.v1.GroupLink.Type.SUB_GROUP;
                    case SIBLING -> io.wabridge.proto.v1.GroupLink.Type.SIBLING;
                    case OTHER -> io.wabridge.proto.v1.GroupLink.Type.OTHER;
                }).setAnnouncementGroup(link.announcement()).setUnlinkReason(link.reason()).build();
    }
}
