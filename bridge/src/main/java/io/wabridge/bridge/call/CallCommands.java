package io.wabridge.bridge.call;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.bridge.contract.InvalidCommandException;
import io.wabridge.client.WaClient;
import io.wabridge.client.call.Calls;
import io.wabridge.proto.v1.CallSettings;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.SetCallSettings;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call commands (calls.proto) and the worker's auto-reject settings: the bridge default
 * ({@code wabridge.calls.*}) and each session's override from {@code set_call_settings}, applied to the session's
 * client now and to every client it gets later on this worker (reconnects, resumes). reject_call runs on the open
 * client; a refusal fails the future with the client's {@link io.wabridge.client.call.CallException}, which
 * {@link CommandResults#failure} names (CALL_NOT_FOUND, CALL_ALREADY_ENDED, CALL_ANSWERED).
 */
public final class CallCommands {
    /** The longest reply message accepted (WhatsApp's text limit is far above; a reply should be short). */
    public static final int MAX_REPLY_LENGTH = 4096;
    /** The longest call id accepted (WhatsApp's are 32 hex digits). */
    public static final int MAX_CALL_ID_LENGTH = 128;

    private final Calls.AutoReject defaults;
    private final Map<String, Calls.AutoReject> overrides = new ConcurrentHashMap<>();

    public CallCommands(Calls.AutoReject defaults) {
        this.defaults = defaults;
    }

    /** The bridge default from configuration. */
    public static CallCommands of(CallConfig config) {
        return new CallCommands(new Calls.AutoReject(config.autoReject(), config.rejectMessage().orElse(null)));
    }

    /** Whether the command is one of the call commands. */
    public static boolean handles(CommandEnvelope.CommandCase kind) {
        return kind == CommandEnvelope.CommandCase.REJECT_CALL || kind == CommandEnvelope.CommandCase.SET_CALL_SETTINGS;
    }

    /** The contract checks of a call command (CommandValidator's part for calls). */
    public static void validate(CommandEnvelope command) throws InvalidCommandException {
        switch (command.getCommandCase()) {
            case REJECT_CALL -> {
                String id = command.getRejectCall().getCallId();
                if (id.isEmpty()) {
                    throw invalid("reject_call.call_id is required");
                }
                if (id.length() > MAX_CALL_ID_LENGTH) {
                    throw invalid("reject_call.call_id is " + id.length() + " characters long; at most "
                            + MAX_CALL_ID_LENGTH);
                }
            }
            case SET_CALL_SETTINGS -> {
                SetCallSettings s = command.getSetCallSettings();
                if (s.getAutoRejectValue() < 0 || s.getAutoRejectValue() > SetCallSettings.AutoReject.AUTO_REJECT_ON_VALUE) {
                    throw invalid("set_call_settings.auto_reject " + s.getAutoRejectValue()
                            + " is not one of AUTO_REJECT_DEFAULT, AUTO_REJECT_OFF, AUTO_REJECT_ON");
                }
                if (s.getReplyMessage().length() > MAX_REPLY_LENGTH) {
                    throw invalid("set_call_settings.reply_message is " + s.getReplyMessage().length()
                            + " characters long; at most " + MAX_REPLY_LENGTH);
                }
                if (!s.getReplyMessage().isEmpty() && s.getAutoReject() != SetCallSettings.AutoReject.AUTO_REJECT_ON) {
                    throw invalid("set_call_settings.reply_message is only sent with auto_reject AUTO_REJECT_ON");
                }
            }
            default -> throw new IllegalArgumentException("not a call command: " + command.getCommandCase());
        }
    }

    /** The setting in force for a session. */
    public Calls.AutoReject settingOf(String sessionId) {
        return overrides.getOrDefault(sessionId, defaults);
    }

    /** Gives a session's new client its setting (on the session's lane, before it connects). */
    public void applyTo(String sessionId, WaClient client) {
        client.calls().autoReject(settingOf(sessionId));
    }

    /** set_call_settings: kept for the session, applied to its client if it has one; Ok carries the setting now in force. */
    public CompletableFuture<CommandResult> settings(String sessionId, WaClient client, SetCallSettings s) {
        switch (s.getAutoReject()) {
            case AUTO_REJECT_OFF -> overrides.put(sessionId, Calls.AutoReject.OFF);
            case AUTO_REJECT_ON -> overrides.put(sessionId, new Calls.AutoReject(true,
                    s.getReplyMessage().isEmpty() ? defaults.message() : s.getReplyMessage()));
            default -> overrides.remove(sessionId);
        }
        Calls.AutoReject now = settingOf(sessionId);
        if (client != null) {
            client.calls().autoReject(now);
        }
        return CompletableFuture.completedFuture(CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder()
                .setCallSettings(CallSettings.newBuilder().setAutoReject(now.enabled())
                        .setReplyMessage(now.enabled() && now.message() != null ? now.message() : ""))).build());
    }

    /** reject_call on the open client. */
    public static CompletableFuture<CommandResult> reject(WaClient client, CommandEnvelope command) {
        return client.calls().reject(command.getRejectCall().getCallId()).thenApply(v -> CommandResults.ok());
    }

    private static InvalidCommandException invalid(String message) {
        return new InvalidCommandException(ErrorCode.INVALID_COMMAND, message);
    }
}
