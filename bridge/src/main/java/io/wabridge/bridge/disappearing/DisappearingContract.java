package io.wabridge.bridge.disappearing;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.WaClient;
import io.wabridge.client.disappearing.DisappearingException;
import io.wabridge.client.disappearing.TimerChange;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.DisappearingScope;
import io.wabridge.proto.v1.DisappearingUpdate;
import io.wabridge.proto.v1.ErrorCode;
import java.util.concurrent.CompletableFuture;

/**
 * The contract's shape of disappearing messages (disappearing.proto): the two commands, run on a session's open
 * client through its {@link io.wabridge.client.disappearing.Disappearing} (the validator made the chat canonical and
 * checked the timer first), the disappearing_update event and the error codes of refusals.
 */
public final class DisappearingContract {

    private DisappearingContract() {
    }

    /** Whether the command is one of these. */
    public static boolean handles(CommandEnvelope.CommandCase kind) {
        return kind == CommandEnvelope.CommandCase.SET_DEFAULT_DISAPPEARING
                || kind == CommandEnvelope.CommandCase.SET_CHAT_DISAPPEARING;
    }

    /** Runs one command on the open client; Ok carries the change made. */
    public static CompletableFuture<CommandResult> run(WaClient client, CommandEnvelope command) {
        CompletableFuture<TimerChange> change = switch (command.getCommandCase()) {
            case SET_DEFAULT_DISAPPEARING -> client.disappearing()
                    .setDefault((int) command.getSetDefaultDisappearing().getSeconds());
            case SET_CHAT_DISAPPEARING -> client.disappearing().setChat(
                    Jid.parse(command.getSetChatDisappearing().getChat()),
                    (int) command.getSetChatDisappearing().getSeconds());
            default -> throw new IllegalArgumentException("not a disappearing command: " + command.getCommandCase());
        };
        return change.thenApply(c -> CommandResult.newBuilder()
                .setOk(CommandResult.Ok.newBuilder().setDisappearing(update(c))).build());
    }

    /** The disappearing_update event (and the Ok's change). */
    public static DisappearingUpdate update(TimerChange c) {
        DisappearingUpdate.Builder b = DisappearingUpdate.newBuilder()
                .setScope(switch (c.scope()) {
                    case DEFAULT -> DisappearingScope.DISAPPEARING_SCOPE_DEFAULT;
                    case CHAT -> DisappearingScope.DISAPPEARING_SCOPE_CHAT;
                    case GROUP -> DisappearingScope.DISAPPEARING_SCOPE_GROUP;
                })
                .setSeconds(c.seconds())
                .setSetAt(EventFactory.timestamp(c.setAt()))
                .setElsewhere(c.elsewhere());
        if (c.chat() != null) {
            b.setChat(c.chat().isGroup() ? c.chat().toString() : c.chat().normalizedUser().toString());
        }
        if (c.actor() != null) {
            b.setActor(c.actor().normalizedUser().toString());
        }
        return b.build();
    }

    /** The error code of a refusal. */
    public static ErrorCode code(DisappearingException e) {
        return switch (e.reason()) {
            case INVALID_DURATION -> ErrorCode.INVALID_DISAPPEARING_DURATION;
            case INVALID_CHAT -> ErrorCode.INVALID_JID;
            case REJECTED -> ErrorCode.SERVER_REJECTED;
        };
    }
}
