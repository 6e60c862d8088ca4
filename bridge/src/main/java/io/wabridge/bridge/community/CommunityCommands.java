package io.wabridge.bridge.community;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.client.community.Communities;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the community commands (communities.proto) on a session's open client through its {@link Communities}. The
 * validator made every argument canonical first. A refusal fails the future with the client's
 * {@link io.wabridge.client.community.CommunityException} (or {@link io.wabridge.client.group.GroupAdminException}
 * for no such group / not a member), which {@link CommandResults#failure} names.
 */
public final class CommunityCommands {

    private CommunityCommands() {
    }

    /** Whether the command is one of the community commands. */
    public static boolean handles(CommandEnvelope.CommandCase kind) {
        return switch (kind) {
            case CREATE_COMMUNITY, LIST_COMMUNITIES, LINK_COMMUNITY_GROUP, UNLINK_COMMUNITY_GROUP,
                 GET_COMMUNITY_METADATA -> true;
            default -> false;
        };
    }

    /** Runs one community command; completes with its ok result, or fails with the client's failure. */
    public static CompletableFuture<CommandResult> run(Communities communities, CommandEnvelope command) {
        return switch (command.getCommandCase()) {
            case CREATE_COMMUNITY -> communities.create(command.getCreateCommunity().getSubject(),
                            command.getCreateCommunity().getDescription())
                    .thenApply(c -> ok(CommandResult.Ok.newBuilder()
                            .setCommunity(CommunityContract.community(c.metadata(), c.groups()))));
            case LIST_COMMUNITIES -> communities.communities().thenApply(all -> {
                CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
                for (Communities.Community c : all) {
                    ok.addCommunities(CommunityContract.community(c.metadata(), c.groups()));
                }
                return ok(ok);
            });
            case LINK_COMMUNITY_GROUP -> communities.link(Jid.parse(command.getLinkCommunityGroup().getCommunity()),
                    Jid.parse(command.getLinkCommunityGroup().getGroup())).thenApply(v -> CommandResults.ok());
            case UNLINK_COMMUNITY_GROUP -> communities.unlink(
                    Jid.parse(command.getUnlinkCommunityGroup().getCommunity()),
                    Jid.parse(command.getUnlinkCommunityGroup().getGroup())).thenApply(v -> CommandResults.ok());
            case GET_COMMUNITY_METADATA -> {
                Jid jid = Jid.parse(command.getGetCommunityMetadata().getJid());
                yield communities.metadata(jid).thenCompose(m -> (m.community() ? communities.linkedGroups(jid)
                        : CompletableFuture.completedFuture(List.<Communities.LinkedGroup>of()))
                        .thenApply(linked -> ok(CommandResult.Ok.newBuilder()
                                .setCommunity(CommunityContract.community(m, linked)))));
            }
            default -> throw new IllegalArgumentException("not a community command: " + command.getCommandCase());
        };
    }

    private static CommandResult ok(CommandResult.Ok.Builder ok) {
        return CommandResult.newBuilder().setOk(ok).build();
    }
}
