package io.wabridge.bridge.command;

import io.wabridge.client.session.Failures;
import io.wabridge.bridge.contract.CommandDecoder;
import io.wabridge.bridge.contract.DeadLetters;
import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.bridge.contract.InvalidCommandException;
import io.wabridge.bridge.kafka.EventPublisher;
import io.wabridge.bridge.kafka.OffsetTracker;
import io.wabridge.bridge.session.NotOwnedException;
import io.wabridge.bridge.session.Session;
import io.wabridge.bridge.session.SessionCommands;
import io.wabridge.bridge.session.SessionManager;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Takes each command record from the consumer thread to its outcome, and finishes its offset only when that outcome
 * is acknowledged by Kafka:
 * <ul>
 * <li>an invalid record: a DLQ record (original key, bytes and headers, plus reason headers) and a
 * {@code command_result} error event keyed by the record's own key (or the documented fallback, see
 * {@link CommandDecoder}); the consumer goes straight on to the next record;
 * <li>a valid command: enqueued on its session (so a session's commands take effect in order), answered from the
 * command log if it was executed before, else executed and its result stored; then its {@code command_result}
 * event, published on the session's lane after the events its effect caused. Sends (send_message, mark_read, ...)
 * are pipelined: the next one starts once this one was handed to the open session's client (which writes them in
 * that order), not once WhatsApp acked it; their look-ups go out at dispatch, and a delivery of a command still
 * in the pipeline is answered with that command's result ({@link io.wabridge.bridge.session.RecentCommands}).
 * connect, disconnect and logout wait for everything before them, and everything after them waits for them.
 * </ul>
 * A publish that fails is retried while this worker still owns the partition; if it gives up the offset stays
 * unfinished, so the command is delivered again (and answered from the log) after the next rebalance or restart.
 */
public final class CommandDispatcher {
    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class);

    private final CommandDecoder decoder = new CommandDecoder();
    private final DeadLetters deadLetters;
    private final EventFactory events;
    private final EventPublisher publisher;
    private final SessionManager sessions;
    private final SessionCommands commands;
    private final CommandLog log;
    private final CommandMetrics metrics;
    private final Duration retryDelay;

    public CommandDispatcher(DeadLetters deadLetters, EventFactory events, EventPublisher publisher,
                             SessionManager sessions, SessionCommands commands, CommandLog log, CommandMetrics metrics,
                             Duration retryDelay) {
        this.deadLetters = deadLetters;
        this.events = events;
        this.publisher = publisher;
        this.sessions = sessions;
        this.commands = commands;
        this.log = log;
        this.metrics = metrics;
        this.retryDelay = retryDelay;
    }

    /** Consumer thread: never blocks on I/O, never throws. */
    public void dispatch(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Completion done) {
        long start = System.nanoTime();
        CommandEnvelope command;
        try {
            command = decoder.decode(record);
        } catch (InvalidCommandException e) {
            reject(record, e, done);
            return;
        }
        int partition = record.partition();
        Session[] session = new Session[1];
        boolean[] fromLog = new boolean[1];
        CompletableFuture<CommandResult> ran;
        if (SessionCommands.messaging(command.getCommandCase())) {
            ran = sessions.submitPipelined(command.getSessionId(), partition, s -> {
                session[0] = s;
                s.recentCommands().issue(); // counted before the look-up is sent
                CompletableFuture<Optional<CommandResult>> lookup = log.lookup(s.id(), command.getCommandId());
                return release -> runPipelined(s, command, lookup, release, fromLog);
            });
        } else {
            ran = sessions.submit(command.getSessionId(), partition, s -> {
                session[0] = s;
                return run(s, command, fromLog);
            });
        }
        ran.thenCompose(result -> retrying(() -> publishResult(session[0], command, result), partition)
                .thenApply(v -> result)
        ).whenComplete((result, failure) -> {
            if (failure != null) {
                LOG.errorf("[%s] command %s: result not published, its offset stays unfinished: %s",
                        command.getSessionId(), command.getCommandId(), failure.toString());
                return;
            }
            done.done();
            metrics.finished(command.getCommandCase(), CommandResults.codeOf(result), start, !fromLog[0]);
            sessions.retireIfUnused(session[0]);
        });
    }

    /**
     * On the session's lane, once every command before it finished: the stored result of a redelivered command, or
     * the result of executing it. The look-up and the store of the result are grouped with other sessions'
     * ({@link CommandLog#lookup}); the step ends once the result is stored.
     */
    private CompletableFuture<CommandResult> run(Session s, CommandEnvelope command, boolean[] fromLog) {
        return log.lookup(s.id(), command.getCommandId())
                .handleAsync((stored, failure) -> answer(s, command, stored, failure, fromLog, null), s.lane())
                .thenCompose(next -> next);
    }

    /**
     * A send on the session's lane, its look-up sent when it was dispatched: answered by an earlier delivery still
     * in the session's pipeline ({@link io.wabridge.bridge.session.RecentCommands}) or from the log, else executed;
     * the session's next send starts as soon as this one was handed to the client ({@code release}).
     */
    private CompletableFuture<CommandResult> runPipelined(Session s, CommandEnvelope command,
                                                          CompletableFuture<Optional<CommandResult>> lookup,
                                                          Runnable release, boolean[] fromLog) {
        CompletableFuture<CommandResult> earlier = s.recentCommands().check(command.getCommandId());
        if (earlier != null) {
            duplicate(s, command, fromLog);
            return earlier.thenApply(result -> result);
        }
        return lookup.handleAsync((stored, failure) -> answer(s, command, stored, failure, fromLog, release), s.lane())
                .thenCompose(next -> next);
    }

    /** Lane: the look-up's answer, or the command executed and its result stored. */
    private CompletableFuture<CommandResult> answer(Session s, CommandEnvelope command, Optional<CommandResult> stored,
                                                    Throwable lookupFailure, boolean[] fromLog, Runnable release) {
        if (lookupFailure != null) {
            return CompletableFuture.completedFuture(CommandResults.failure(lookupFailure));
        }
        if (stored.isPresent()) {
            duplicate(s, command, fromLog);
            return CompletableFuture.completedFuture(stored.get());
        }
        boolean handedOver = release != null && commands.handsOverAtOnce(s, command);
        CompletableFuture<CommandResult> outcome = executeAndStore(s, command);
        if (handedOver) {
            release.run();
        }
        return outcome;
    }

    private void duplicate(Session s, CommandEnvelope command, boolean[] fromLog) {
        metrics.duplicate(command.getCommandCase());
        fromLog[0] = true;
        LOG.debugf("[%s] command %s delivered again: answering from the command log", s.id(), command.getCommandId());
    }

    /** Lane: executes the command and stores its result; the session remembers it until a look-up sees it. */
    private CompletableFuture<CommandResult> executeAndStore(Session s, CommandEnvelope command) {
        String id = command.getCommandId();
        CompletableFuture<CommandResult> outcome = new CompletableFuture<>();
        s.recentCommands().running(id, outcome);
        execute(s, command).thenCompose(result -> !kept(result) ? CompletableFuture.completedFuture(result) :
                log.store(s.id(), id, metrics.type(command.getCommandCase()), result).handle((ok, failure) -> {
                    if (failure != null) { // the effect happened: report it even if it is not logged
                        LOG.warnf("[%s] command %s executed but not logged (a redelivery would run it again): %s",
                                s.id(), id, Failures.unwrap(failure).toString());
                    }
                    return result;
                })).whenComplete((result, failure) -> {
                    s.lane().execute(() -> s.recentCommands().settled(id));
                    if (failure != null) {
                        outcome.completeExceptionally(failure);
                    } else {
                        outcome.complete(result);
                    }
                });
        return outcome;
    }

    /**
     * Whether a result is kept for command_id dedupe: not when protection refused the command before it did anything
     * (RATE_LIMITED, SESSION_LIMIT), so producing it again with the same command_id runs it then.
     */
    static boolean kept(CommandResult result) {
        String code = CommandResults.codeOf(result);
        return !ErrorCode.RATE_LIMITED.name().equals(code) && !ErrorCode.SESSION_LIMIT.name().equals(code);
    }

    /** Lane: executes a command that is not in the log; a failure becomes its result, unless the session moved. */
    private CompletableFuture<CommandResult> execute(Session s, CommandEnvelope command) {
        try {
            return commands.execute(s, command)
                    .exceptionally(failure -> {
                        if (Failures.unwrap(failure) instanceof NotOwnedException notOwned) {
                            throw notOwned; // no result, offset left unfinished: the partition's next owner runs it
                        }
                        return CommandResults.failure(failure);
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CommandResults.failure(e));
        }
    }

    /** Publishes the result from the session's lane, after every event the command's effect already queued. */
    private CompletableFuture<Void> publishResult(Session s, CommandEnvelope command, CommandResult result) {
        EventEnvelope.Builder envelope = events.envelope(s.id())
                .setCausationId(command.getCommandId())
                .setCommandResult(result);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        s.lane().execute(() -> {
            if (s.me().getSerializedSize() > 0) {
                envelope.setMe(s.me());
            }
            publisher.publish(envelope.build(), acked);
        });
        return acked;
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, InvalidCommandException e, OffsetTracker.Completion done) {
        metrics.rejected(e.code().name());
        if (e.getCause() != null) { // the decoder failed on it: a bug to fix, the record is still rejected cleanly
            LOG.errorf(e.getCause(), "decoding %s-%d@%d failed", record.topic(), record.partition(), record.offset());
        }
        LOG.debugf("rejected %s-%d@%d: %s %s", record.topic(), record.partition(), record.offset(), e.code(),
                e.getMessage());
        var deadLetter = deadLetters.of(record, e);
        EventEnvelope error = events.rejected(e);
        int partition = record.partition();
        CompletableFuture<Void> dlq = retrying(() -> publisher.deadLetter(deadLetter), partition);
        CompletableFuture<Void> reported = retrying(() -> publisher.publish(error), partition);
        CompletableFuture.allOf(dlq, reported).whenComplete((ok, failure) -> {
            if (failure == null) {
                done.done();
            } else {
                LOG.errorf("rejected record %s-%d@%d not reported, its offset stays unfinished: %s", record.topic(),
                        record.partition(), record.offset(), failure.toString());
            }
        });
    }

    /** Retries a publish while this worker owns the partition: losing Kafka for a while loses nothing. */
    private CompletableFuture<Void> retrying(Supplier<CompletableFuture<Void>> attempt, int partition) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        attempt(attempt, partition, result);
        return result;
    }

    private void attempt(Supplier<CompletableFuture<Void>> attempt, int partition, CompletableFuture<Void> result) {
        attempt.get().whenComplete((ok, failure) -> {
            if (failure == null) {
                result.complete(null);
            } else if (!sessions.owns(partition)) {
                result.completeExceptionally(failure);
            } else {
                LOG.warnf("publish failed, retrying in %d ms: %s", retryDelay.toMillis(), failure.toString());
                CompletableFuture.delayedExecutor(retryDelay.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(attempt, partition, result));
            }
        });
    }
}
