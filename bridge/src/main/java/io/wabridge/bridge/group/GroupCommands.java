package io.wabridge.bridge.group;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.group.GroupMetadata;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ParticipantResult;
import io.wabridge.proto.v1.SetGroupSettings;
import io.wabridge.proto.v1.UpdateGroupParticipants;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the group commands (groups.proto) on a session's open client through its {@link GroupAdmin}, and builds
 * their results: metadata, the group list, per-participant results, the invite code, the joined group. The
 * validator made every argument canonical first. A refusal by WhatsApp fails the future with the client's
 * {@link io.wabridge.client.group.GroupAdminException}, which {@link CommandResults#failure} names (NOT_ADMIN, ...).
 */
public final class GroupCommands {

    private GroupCommands() {
    }

    /** Whether the command is one of the group commands. */
    public static boolean handles(CommandEnvelope.CommandCase kind) {
        return switch (kind) {
            case CREATE_GROUP, UPDATE_GROUP_PARTICIPANTS, SET_GROUP_SUBJECT, SET_GROUP_DESCRIPTION, SET_GROUP_SETTINGS,
                 LEAVE_GROUP, GET_GROUP_INVITE_CODE, JOIN_GROUP, GET_GROUP_METADATA, LIST_GROUPS -> true;
            default -> false;
        };
    }

    /** Runs one group command; completes with its ok result, or fails with the client's failure. */
    public static CompletableFuture<CommandResult> run(GroupAdmin groups, CommandEnvelope command) {
        return switch (command.getCommandCase()) {
            case CREATE_GROUP -> groups.create(command.getCreateGroup().getSubject(),
                            jids(command.getCreateGroup().getParticipantsList()), createKey(command.getCommandId()))
                    .thenApply(m -> ok(CommandResult.Ok.newBuilder().setGroup(GroupContract.metadata(m))));
            case UPDATE_GROUP_PARTICIPANTS -> {
                UpdateGroupParticipants u = command.getUpdateGroupParticipants();
                yield groups.participants(Jid.parse(u.getGroup()), action(u.getAction()), jids(u.getParticipantsList()))
                        .thenApply(results -> {
                            CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
                            for (GroupAdmin.ParticipantResult r : results) {
                                ok.addParticipants(GroupContract.participantResult(r));
                            }
                            return ok(ok);
                        });
            }
            case SET_GROUP_SUBJECT -> groups.setSubject(Jid.parse(command.getSetGroupSubject().getGroup()),
                    command.getSetGroupSubject().getSubject()).thenApply(v -> CommandResults.ok());
            case SET_GROUP_DESCRIPTION -> groups.setDescription(Jid.parse(command.getSetGroupDescription().getGroup()),
                    command.getSetGroupDescription().getDescription()).thenApply(v -> CommandResults.ok());
            case SET_GROUP_SETTINGS -> settings(groups, command.getSetGroupSettings());
            case LEAVE_GROUP -> groups.leave(Jid.parse(command.getLeaveGroup().getGroup()))
                    .thenApply(v -> CommandResults.ok());
            case GET_GROUP_INVITE_CODE -> groups.inviteCode(Jid.parse(command.getGetGroupInviteCode().getGroup()),
                    command.getGetGroupInviteCode().getReset())
                    .thenApply(code -> ok(CommandResult.Ok.newBuilder().setInviteCode(code)));
            case JOIN_GROUP -> groups.join(command.getJoinGroup().getCode()).thenApply(j -> ok(CommandResult.Ok
                    .newBuilder().setGroupJid(j.group().toString()).setPendingApproval(j.pendingApproval())));
            case GET_GROUP_METADATA -> {
                var m = command.getGetGroupMetadata();
                CompletableFuture<GroupMetadata> found = m.getGroup().isEmpty() ? groups.inviteInfo(m.getInviteCode())
                        : groups.metadata(Jid.parse(m.getGroup()));
                yield found.thenApply(g -> ok(CommandResult.Ok.newBuilder().setGroup(GroupContract.metadata(g))));
            }
            case LIST_GROUPS -> groups.joined().thenApply(all -> {
                CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
                for (GroupMetadata g : all) {
                    ok.addGroups(GroupContract.metadata(g));
                }
                return ok(ok);
            });
            default -> throw new IllegalArgumentException("not a group command: " + command.getCommandCase());
        };
    }

    /** The settings set, one request each in field order; the first refusal ends it. */
    private static CompletableFuture<CommandResult> settings(GroupAdmin groups, SetGroupSettings s) {
        Jid group = Jid.parse(s.getGroup());
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        if (s.hasAnnouncement()) {
            done = done.thenCompose(v -> groups.setAnnouncement(group, s.getAnnouncement()));
        }
        if (s.hasLocked()) {
            done = done.thenCompose(v -> groups.setLocked(group, s.getLocked()));
        }
        if (s.hasApprovalRequired()) {
            done = done.thenCompose(v -> groups.setApprovalMode(group, s.getApprovalRequired()));
        }
        if (s.hasEphemeralSeconds()) {
            done = done.thenCompose(v -> groups.setEphemeral(group, s.getEphemeralSeconds()));
        }
        return done.thenApply(v -> CommandResults.ok());
    }

    private static GroupAdmin.Action action(UpdateGroupParticipants.Action action) {
        return switch (action) {
            case ADD -> GroupAdmin.Action.ADD;
            case REMOVE -> GroupAdmin.Action.REMOVE;
            case PROMOTE -> GroupAdmin.Action.PROMOTE;
            case DEMOTE -> GroupAdmin.Action.DEMOTE;
            case APPROVE -> GroupAdmin.Action.APPROVE;
            case REJECT -> GroupAdmin.Action.REJECT;
            default -> throw new IllegalArgumentException("update_group_participants.action " + action);
        };
    }

    /** The create key WhatsApp echoes in the create notification: derived from the command id. */
    static String createKey(String commandId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(commandId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Jid> jids(List<String> jids) {
        return jids.stream().map(Jid::parse).toList();
    }

    private static CommandResult ok(CommandResult.Ok.Builder ok) {
        return CommandResult.newBuilder().setOk(ok).build();
    }

    static ParticipantResult.Status status(int code) {
        return switch (code) {
            case 200 -> ParticipantResult.Status.OK;
            case 403 -> ParticipantResult.Status.INVITE_REQUIRED;
            case 404 -> ParticipantResult.Status.NOT_FOUND;
            case 408 -> ParticipantResult.Status.RECENTLY_LEFT;
            case 409 -> ParticipantResult.Status.ALREADY_PARTICIPANT;
            case 500 -> ParticipantResult.Status.GROUP_FULL;
            default -> ParticipantResult.Status.FAILED;
        };
    }
}
