package io.wabridge.bridge.status;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.client.WaClient;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.status.TextStatus;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.SendStatus;
import io.wabridge.proto.v1.StatusStyle;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The status commands (status.proto) on a session's open client, after {@code CommandValidator} made their JIDs
 * canonical. The status id derives from the command id, so a command delivered again posts once. A refusal fails
 * the future with the client's {@link io.wabridge.client.status.StatusException}, which {@link CommandResults#failure}
 * names (STATUS_EMPTY_AUDIENCE, STATUS_INVALID_AUDIENCE, STATUS_AUDIENCE_TOO_LARGE, STATUS_UNSUPPORTED_CONTENT).
 */
public final class StatusCommands {

    private StatusCommands() {
    }

    /** Whether the command is a status command. */
    public static boolean handles(CommandEnvelope.CommandCase kind) {
        return kind == CommandEnvelope.CommandCase.SEND_STATUS || kind == CommandEnvelope.CommandCase.MARK_STATUS_SEEN;
    }

    /** Whether the command posts media (its file is uploaded first, off the session's lane). */
    public static boolean mediaPost(CommandEnvelope command) {
        return command.getCommandCase() == CommandEnvelope.CommandCase.SEND_STATUS
                && command.getSendStatus().getContent().hasMedia();
    }

    /**
     * Runs a status command; a media post's content comes from {@code uploadMedia} (the worker's media path:
     * blob store, upload, the descriptor for the result).
     */
    public static CompletableFuture<CommandResult> run(WaClient client, CommandEnvelope command,
                                                       Function<io.wabridge.proto.v1.Media,
                                                               CompletableFuture<io.wabridge.bridge.media.MediaCommands.Prepared>> uploadMedia) {
        if (command.getCommandCase() == CommandEnvelope.CommandCase.MARK_STATUS_SEEN) {
            var seen = command.getMarkStatusSeen();
            return client.statuses().markSeen(Jid.parse(seen.getAuthor()), seen.getMessageIdsList())
                    .thenApply(v -> CommandResults.ok());
        }
        SendStatus s = command.getSendStatus();
        List<Jid> audience = s.getAudienceList().stream().map(Jid::parse).toList();
        String key = command.getCommandId();
        if (s.getContent().hasMedia()) {
            return uploadMedia.apply(s.getContent().getMedia()).thenCompose(prepared -> client.statuses()
                    .post(audience, prepared.media(), key)
                    .thenApply(sent -> CommandResults.ok(sent.messageId(), prepared.descriptor())));
        }
        if (s.hasStyle()) {
            StatusStyle st = s.getStyle();
            return client.statuses().postText(audience, new TextStatus(s.getContent().getText(),
                            st.hasTextArgb() ? (int) st.getTextArgb() : null,
                            st.hasBackgroundArgb() ? (int) st.getBackgroundArgb() : null,
                            st.hasFont() ? st.getFont() : null), key)
                    .thenApply(sent -> CommandResults.ok(sent.messageId()));
        }
        return client.statuses().post(audience, new Text(s.getContent().getText()), key)
                .thenApply(sent -> CommandResults.ok(sent.messageId()));
    }
}
