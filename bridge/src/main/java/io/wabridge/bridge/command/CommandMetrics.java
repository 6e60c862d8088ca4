package io.wabridge.bridge.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.wabridge.proto.v1.CommandEnvelope;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Command meters: {@code wabridge.commands.processed{type}} (every command finished, whatever its outcome),
 * {@code wabridge.commands.failed{type,code}} (finished with an error result; type {@code invalid} for rejected
 * records), {@code wabridge.commands.duplicates{type}} (delivered again, answered from the command log) and the
 * {@code wabridge.commands.latency{type}} timer, from the record's arrival to its result acknowledged by Kafka
 * (the command-to-send latency for send_message), and {@code wabridge.messages.outbound} (messages sent).
 */
public final class CommandMetrics {

    /** Type tag of records rejected before they were a command. */
    public static final String INVALID = "invalid";

    private final MeterRegistry registry;
    private final Map<CommandEnvelope.CommandCase, String> names = new EnumMap<>(CommandEnvelope.CommandCase.class);
    private final Map<CommandEnvelope.CommandCase, Counter> processed = new EnumMap<>(CommandEnvelope.CommandCase.class);
    private final Map<CommandEnvelope.CommandCase, Counter> duplicates = new EnumMap<>(CommandEnvelope.CommandCase.class);
    private final Map<CommandEnvelope.CommandCase, Timer> latency = new EnumMap<>(CommandEnvelope.CommandCase.class);
    private final Counter outbound;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.outbound = Counter.builder("wabridge.messages.outbound")
                .description("WhatsApp messages sent (send_message commands the server acknowledged)").register(registry);
        for (CommandEnvelope.CommandCase c : CommandEnvelope.CommandCase.values()) {
            if (c == CommandEnvelope.CommandCase.COMMAND_NOT_SET) {
                continue;
            }
            String type = CommandEnvelope.getDescriptor().findFieldByNumber(c.getNumber()).getName();
            names.put(c, type);
            processed.put(c, Counter.builder("wabridge.commands.processed").tag("type", type)
                    .description("Commands finished (executed, failed or answered from the command log)")
                    .register(registry));
            duplicates.put(c, Counter.builder("wabridge.commands.duplicates").tag("type", type)
                    .description("Commands delivered again and answered from the command log").register(registry));
            latency.put(c, Timer.builder("wabridge.commands.latency").tag("type", type)
                    .description("From a command's arrival to its result acknowledged by Kafka").register(registry));
        }
    }

    /** The command's name in the contract, e.g. {@code send_message}. */
    public String type(CommandEnvelope.CommandCase c) {
        return names.get(c);
    }

    /** @param executed false when the result came from the command log (a redelivery): nothing was sent again */
    public void finished(CommandEnvelope.CommandCase c, String errorCode, long startNanos, boolean executed) {
        processed.get(c).increment();
        latency.get(c).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        if (errorCode != null) {
            failed(names.get(c), errorCode);
        } else if (executed && c == CommandEnvelope.CommandCase.SEND_MESSAGE) {
            outbound.increment();
        }
    }

    public void duplicate(CommandEnvelope.CommandCase c) {
        duplicates.get(c).increment();
    }

    public void rejected(String errorCode) {
        failed(INVALID, errorCode);
    }

    private void failed(String type, String code) {
        registry.counter("wabridge.commands.failed", "type", type, "code", code).increment();
    }
}
