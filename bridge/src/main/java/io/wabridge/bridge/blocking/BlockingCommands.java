package io.wabridge.bridge.blocking;

import io.wabridge.client.WaClient;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the blocking and privacy commands (blocking.proto) on a session's open client through its
 * {@link io.wabridge.client.blocking.Blocking}; the validator made the JIDs canonical and checked each setting's
 * value first. A refusal fails the future with the client's {@link io.wabridge.client.blocking.BlockingException},
 * which {@link io.wabridge.bridge.command.CommandResults#failure} names.
 */
public final class BlockingCommands {

    private BlockingCommands() {
    }

    /** Whether the command is one of these. */
    public static boolean handles(CommandEnvelope.CommandCase kind) {
        return switch (kind) {
            case BLOCK_CONTACT, UNBLOCK_CONTACT, GET_BLOCKLIST, GET_PRIVACY_SETTINGS, SET_PRIVACY_SETTING -> true;
            default -> false;
        };
    }

    /** Runs one command on the open client. */
    public static CompletableFuture<CommandResult> run(WaClient client, CommandEnvelope command) {
        return switch (command.getCommandCase()) {
            case BLOCK_CONTACT -> client.blocking().block(Jid.parse(command.getBlockContact().getJid()))
                    .thenApply(list -> ok(CommandResult.Ok.newBuilder().setBlocklist(BlockingContract.blocklist(list))));
            case UNBLOCK_CONTACT -> client.blocking().unblock(Jid.parse(command.getUnblockContact().getJid()))
                    .thenApply(list -> ok(CommandResult.Ok.newBuilder().setBlocklist(BlockingContract.blocklist(list))));
            case GET_BLOCKLIST -> client.blocking().blocklist()
                    .thenApply(list -> ok(CommandResult.Ok.newBuilder().setBlocklist(BlockingContract.blocklist(list))));
            case GET_PRIVACY_SETTINGS -> client.blocking().privacySettings()
                    .thenApply(s -> ok(CommandResult.Ok.newBuilder().setPrivacySettings(BlockingContract.settings(s))));
            case SET_PRIVACY_SETTING -> {
                var set = command.getSetPrivacySetting();
                yield client.blocking().setPrivacy(BlockingContract.name(set.getCategory()),
                                BlockingContract.name(set.getValue()))
                        .thenApply(s -> ok(CommandResult.Ok.newBuilder().setPrivacySettings(BlockingContract.settings(s))));
            }
            default -> throw new IllegalArgumentException("not a blocking command: " + command.getCommandCase());
        };
    }

    private static CommandResult ok(CommandResult.Ok.Builder ok) {
        return CommandResult.newBuilder().setOk(ok).build();
    }
}
