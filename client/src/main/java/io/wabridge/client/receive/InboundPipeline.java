package io.wabridge.client.receive;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.signal.store.ReadAhead;
import io.wabridge.client.signal.store.SignalStores;
import io.wabridge.client.stanza.StanzaRouter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Received messages, in batches, with at-least-once hand-off: a batch of waiting stanzas is decrypted, each
 * {@link ClientEvent.MessageReceived} is handed off, and only when every hand-off of the batch completed are the
 * Signal stores flushed and the stanzas answered (receipt, ack), in arrival order. While a batch is out the
 * {@link CommitGate} is held, so no other Signal state becomes durable before its messages are.
 *
 * <p>If a hand-off fails the batch's pending Signal writes are dropped and nothing is answered: the owner closes
 * the connection and the server delivers the messages again, which then decrypt again. If the flush fails the
 * writes stay pending (the events were handed off) and nothing is answered either; the redelivered messages are
 * recognised as duplicates and just answered. One per account, on its serial executor.
 */
public final class InboundPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(InboundPipeline.class);

    /** What the owner does when a batch cannot be acknowledged. */
    public interface FailureListener {
        /** The batch was not acknowledged; the connection should be dropped so the server redelivers. */
        void batchFailed(StanzaRouter router, String reason);
    }

    private record Arrival(StanzaRouter router, Node stanza) {}

    private static final class Entry {
        final Arrival arrival;
        final MessageDecryptor.Outcome outcome;

        Entry(Arrival arrival, MessageDecryptor.Outcome outcome) {
            this.arrival = arrival;
            this.outcome = outcome;
        }
    }

    private final Supplier<MessageDecryptor.Self> self;
    private final MessageDecryptor decryptor;
    private final SignalStores stores;
    private final CommitGate gate;
    private final Consumer<ClientEvent> emit;
    private final Function<ClientEvent, CompletionStage<Void>> handOff;
    private final Executor executor;
    private final Executor io;
    private final int batchSize;
    private final FailureListener failures;
    private final ArrayDeque<Arrival> waiting = new ArrayDeque<>();
    private List<Entry> batch;
    private int outstanding;
    private String batchFailure;
    /** The batch's deferred distribution messages are out being read: its hand-offs do not finish it. */
    private boolean deferring;

    /** The executor thread while it is decrypting a batch: hand-offs completing on it are counted inline. */
    private Thread deciding;
    private long batches;
    private BatchListener batchListener = BatchListener.NONE;

    /** Told, on the executor, whether each batch's hand-offs were committed (acknowledged) or dropped. */
    public interface BatchListener {
        BatchListener NONE = new BatchListener() {
            @Override
            public void committed() {
            }

            @Override
            public void discarded() {
            }
        };

        /** The batch's Signal state is stored and its stanzas are being acknowledged. */
        void committed();

        /** The batch is not acknowledged: its messages come again. */
        void discarded();
    }

    private Function<List<Node>, CompletableFuture<Void>> lookAhead = stanzas -> CompletableFuture.completedFuture(null);
    private Function<List<Node>, CompletableFuture<Void>> readAlongside = stanzas -> CompletableFuture.completedFuture(null);
    private Supplier<CompletableFuture<Void>> alsoStored = () -> CompletableFuture.completedFuture(null);

    /**
     * Store lookups a batch's stanzas need before their Signal records are named (the LID mappings not in memory):
     * the stage completes on the executor once they are in memory, or fails the batch (nothing acknowledged).
     */
    public void lookAhead(Function<List<Node>, CompletableFuture<Void>> lookup) {
        this.lookAhead = java.util.Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * Store reads a batch's hand-off needs (the chats and contacts it updates), run at the same time as the Signal
     * read-ahead once {@link #lookAhead} is done: the stage completes on the executor, or fails the batch.
     */
    public void readAlongside(Function<List<Node>, CompletableFuture<Void>> read) {
        this.readAlongside = java.util.Objects.requireNonNull(read, "read");
    }

    /**
     * Writes behind that must be stored before a batch is acknowledged, besides its Signal state (the LID mappings it
     * taught, the credentials a retry receipt's fresh prekey advanced): asked after the flush, the stage completes on the executor; if it fails nothing is acknowledged.
     */
    public void alsoStored(Supplier<CompletableFuture<Void>> stored) {
        this.alsoStored = java.util.Objects.requireNonNull(stored, "stored");
    }

    /** Sets the one {@link BatchListener}. */
    public void batchListener(BatchListener listener) {
        this.batchListener = java.util.Objects.requireNonNull(listener, "listener");
    }
    private boolean pumpQueued;

    public InboundPipeline(Supplier<MessageDecryptor.Self> self, MessageDecryptor decryptor, SignalStores stores,
                           CommitGate gate, Consumer<ClientEvent> emit,
                           Function<ClientEvent, CompletionStage<Void>> handOff, Executor executor, Executor io,
                           int batchSize, FailureListener failures) {
        this.io = io;
        this.self = self;
        this.decryptor = decryptor;
        this.stores = stores;
        this.gate = gate;
        this.emit = emit;
        this.handOff = handOff;
        this.executor = executor;
        this.batchSize = batchSize;
        this.failures = failures;
    }

    /**
     * A {@code <message>} stanza arrived on {@code router}. The batch starts in a task queued behind the frames
     * already waiting on the executor, so stanzas that arrived together (an offline backlog, a burst) are decrypted
     * as one batch and answered after one flush, instead of one flush and one socket write per message.
     */
    public void accept(StanzaRouter router, Node stanza) {
        if (batch != null || pumpQueued) { // it waits: a group message's signature is checked meanwhile
            try {
                decryptor.verifyAhead(stanza, self.get());
            } catch (RuntimeException e) {
                LOG.debug("signature not checked ahead: {}", e.toString()); // process checks it
            }
        }
        waiting.add(new Arrival(router, stanza));
        if (!pumpQueued && batch == null) {
            pumpQueued = true;
            executor.execute(this::queuedPump);
        }
    }

    private void queuedPump() {
        pumpQueued = false;
        pump();
    }

    /** The connection closed: its stanzas not yet decrypted are dropped (the server delivers them again). */
    public void connectionClosed(StanzaRouter router) {
        waiting.removeIf(a -> a.router() == router);
    }

    /** Whether a batch is out for hand-off. */
    public boolean busy() {
        return batch != null;
    }

    public int waitingCount() {
        return waiting.size();
    }

    /** Batches completed (acknowledged or failed) so far. */
    public long batches() {
        return batches;
    }

    private void pump() {
        if (batch != null || waiting.isEmpty() || gate.isHeld()) {
            return;
        }
        if (gate.hasPendingSends()) {
            gate.afterSends(this::pump);
            return;
        }
        gate.hold();
        List<Entry> current = new ArrayList<>(Math.min(batchSize, waiting.size()));
        batch = current;
        batchFailure = null;
        deferring = false;
        outstanding = 0;
        MessageDecryptor.Self me = self.get();
        List<Arrival> taken = new ArrayList<>(Math.min(batchSize, waiting.size()));
        while (!waiting.isEmpty() && taken.size() < batchSize) {
            Arrival arrival = waiting.poll();
            if (!arrival.router().isClosed()) {
                taken.add(arrival);
            }
        }
        // What the batch's addressing needs (LID mappings not in memory) is looked up on the store's I/O executor
        // first, then the Signal records it reads; the executor goes on meanwhile (the batch is out and the gate
        // held, so other arrivals wait and no Signal state is flushed).
        CompletableFuture<Void> named = started(() -> lookAhead.apply(taken.stream().map(Arrival::stanza).toList()));
        then(named, looked -> readAhead(current, taken, me, looked));
    }

    /** The stage {@code start} returns, or a failed one if it throws. */
    private static CompletableFuture<Void> started(Supplier<CompletableFuture<Void>> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code step} with {@code stage}: now if it is done, else once it completes (the stages complete on the executor). */
    private static void then(CompletableFuture<Void> stage, Consumer<CompletableFuture<Void>> step) {
        if (stage.isDone()) {
            step.accept(stage);
        } else {
            stage.whenComplete((ok, failure) -> step.accept(stage));
        }
    }

    private void readAhead(List<Entry> current, List<Arrival> taken, MessageDecryptor.Self me,
                           CompletableFuture<Void> named) {
        ReadAhead.Keys keys = ReadAhead.Keys.create();
        if (!named.isCompletedExceptionally()) {
            for (Arrival arrival : taken) {
                if (!arrival.router().isClosed()) {
                    decryptor.readAheadKeys(arrival.stanza(), me, keys);
                }
            }
        }
        CompletableFuture<Void> ready = started(() -> stores.readAhead(keys, io, executor)); // opened in every case:
        if (named.isCompletedExceptionally()) {                                                // complete() closes it
            ready = named;
        } else { // read at the same time as the Signal records
            CompletableFuture<Void> along = started(() -> readAlongside.apply(taken.stream().map(Arrival::stanza).toList()));
            if (!along.isDone() || along.isCompletedExceptionally() || !ready.isDone()) {
                ready = CompletableFuture.allOf(ready, along); // both complete on the executor
            }
        }
        then(ready, read -> decrypt(current, taken, me, read));
    }

    private void decrypt(List<Entry> current, List<Arrival> taken, MessageDecryptor.Self me,
                         CompletableFuture<Void> ready) {
        try {
            ready.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.warn("reading the Signal state of {} received messages failed", taken.size(), cause);
            batchFailure = "reading the Signal state failed: " + cause;
            for (Arrival arrival : taken) {
                current.add(new Entry(arrival, new MessageDecryptor.Outcome(List.of(), List.of(), List.of())));
            }
            finish(current);
            return;
        }
        deciding = Thread.currentThread();
        decryptor.deferDistributions(stores::senderKeyInMemory);
        for (int i = 0; i < taken.size(); i++) {
            Arrival arrival = taken.get(i);
            if (arrival.router().isClosed()) {
                continue;
            }
            MessageDecryptor.Outcome outcome;
            try {
                outcome = decryptor.process(arrival.stanza(), me);
            } catch (RuntimeException e) {
                // A store failure while decrypting: nothing of this batch may be acknowledged.
                LOG.warn("decrypting {} failed", arrival.stanza().attr("id"), e);
                batchFailure = "decrypting failed: " + e;
                current.add(new Entry(arrival, new MessageDecryptor.Outcome(List.of(), List.of(), List.of())));
                for (int j = taken.size() - 1; j > i; j--) {
                    waiting.addFirst(taken.get(j)); // not decrypted: they wait for the next batch as before
                }
                break;
            }
            current.add(new Entry(arrival, outcome));
            for (ClientEvent.DecryptFailed failed : outcome.failures()) {
                emit.accept(failed);
            }
            for (ClientEvent.MessageReceived message : outcome.messages()) {
                outstanding++;
                handOff(message, current);
            }
        }
        deciding = null;
        java.util.Set<io.wabridge.client.store.SenderKeyName> deferred = decryptor.stopDeferring();
        if (!deferred.isEmpty() && batchFailure == null) {
            // Distribution messages whose group was named only inside their 1:1 message: their sender keys are read on
            // the store's I/O executor now, then stored here in order, before the batch's flush and answers.
            deferring = true;
            ReadAhead.Keys keys = ReadAhead.Keys.create();
            keys.senderKeys().addAll(deferred);
            then(started(() -> stores.readAheadMore(keys, io, executor)), read -> applyDeferred(current, read));
            return;
        }
        decryptor.dropDeferred();
        if (outstanding == 0) {
            finish(current);
        }
    }

    private void applyDeferred(List<Entry> current, CompletableFuture<Void> read) {
        deferring = false;
        try {
            read.join();
            decryptor.applyDeferred();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.warn("reading the sender keys of distribution messages in 1:1 messages failed", cause);
            decryptor.dropDeferred();
            if (batchFailure == null) {
                batchFailure = "reading the Signal state failed: " + cause;
            }
        }
        if (batch == current && outstanding == 0) {
            finish(current);
        }
    }

    private void handOff(ClientEvent.MessageReceived message, List<Entry> owner) {
        CompletionStage<Void> stage;
        try {
            stage = handOff.apply(message);
        } catch (RuntimeException e) {
            handedOff(owner, e);
            return;
        }
        stage.whenComplete((ok, failure) -> {
            if (deciding != null && deciding == Thread.currentThread()) {
                handedOff(owner, failure); // completed at once, still on the executor
            } else {
                executor.execute(() -> handedOff(owner, failure));
            }
        });
    }

    private void handedOff(List<Entry> owner, Throwable failure) {
        if (batch != owner) {
            return;
        }
        if (failure != null && batchFailure == null) {
            batchFailure = "hand-off failed: " + failure;
        }
        outstanding--;
        if (outstanding == 0 && deciding == null && !deferring) {
            finish(owner);
        }
    }

    /** The batch's receipts and acks in arrival order, written together per connection (one flush each). */
    private static void sendReplies(List<Entry> done) {
        StanzaRouter router = null;
        List<Node> replies = new ArrayList<>(done.size() * 2);
        for (Entry entry : done) {
            if (entry.arrival.router() != router) {
                flushReplies(router, replies);
                router = entry.arrival.router();
            }
            replies.addAll(entry.outcome.replies());
        }
        flushReplies(router, replies);
    }

    private static void flushReplies(StanzaRouter router, List<Node> replies) {
        if (router != null && !router.isClosed() && !replies.isEmpty()) {
            router.sendAll(replies);
        }
        replies.clear();
    }

    /**
     * Every hand-off of the batch completed: flushes its Signal state (on the store's I/O executor, so the session
     * is not blocked meanwhile; the batch stays out and the gate held until the flush is stored), then answers.
     */
    private void finish(List<Entry> done) {
        if (batchFailure != null) {
            stores.discardPending();
            complete(done, batchFailure);
            return;
        }
        CompletableFuture<Void> flushed;
        try {
            flushed = stores.flushAsync(io, executor);
        } catch (RuntimeException e) {
            flushed = CompletableFuture.failedFuture(e);
        }
        flushed.whenComplete((ok, failure) -> {
            if (failure != null) {
                complete(done, "flushing the Signal state failed: " + failure);
                return;
            }
            CompletableFuture<Void> also = started(alsoStored); // what else the batch wrote behind, stored first
            also.whenComplete((v, f) -> complete(done, f == null ? null : "storing the batch's LID mappings or credentials failed: " + f));
        });
    }

    private void complete(List<Entry> done, String failure) {
        batches++;
        stores.readAheadDone();
        if (failure == null) {
            try {
                batchListener.committed();
            } catch (io.wabridge.client.store.StoreFencedException e) {
                // A newer owner took the session between the flush and the listener's writes: the store already told
                // the client (it closes for good). Nothing is answered, and the batch and gate are released here,
                // because this may run in the flush's completion, where a thrown exception would be lost.
                failure = "fenced after the flush: " + e.getMessage();
            } catch (RuntimeException e) {
                LOG.warn("a batch listener failed after the commit", e);
            }
        }
        if (failure == null) {
            sendReplies(done);
        } else {
            batchListener.discarded();
            LOG.warn("{} received messages not acknowledged: {}", done.size(), failure);
            List<StanzaRouter> routers = new ArrayList<>();
            for (Entry entry : done) {
                if (!routers.contains(entry.arrival.router())) {
                    routers.add(entry.arrival.router());
                }
            }
            for (Arrival a : waiting) {
                if (!routers.contains(a.router())) {
                    routers.add(a.router());
                }
            }
            waiting.clear(); // their connection goes; the server delivers them again
            for (StanzaRouter router : routers) {
                failures.batchFailed(router, failure);
            }
        }
        batch = null;
        gate.release();
        pump();
    }
}
