package io.wabridge.client.stanza;

import io.wabridge.client.binary.Node;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches a connection's inbound stanzas and correlates its iq requests with their responses.
 *
 * <p>Every method is called on the session's serial executor (timeouts hop onto it too), so the routing table
 * and the pending requests need no locks. One router lives as long as one connection.
 */
public final class StanzaRouter {
    private static final Logger LOG = LoggerFactory.getLogger(StanzaRouter.class);

    private final StanzaSender sender;
    private final Scheduler scheduler;
    private final Executor sessionExecutor;
    private final StanzaIds ids;
    private final Map<String, PendingIq> pending = new HashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private Consumer<Node> unhandledListener = stanza -> LOG.debug("unhandled stanza {}", stanza);
    private BiConsumer<Node, Exception> handlerFailureListener =
            (stanza, failure) -> LOG.warn("handler failed on {}", stanza, failure);
    private String closedReason;
    private long unhandledCount;
    private long handlerFailures;
    /** Which stanzas wait for {@link #lookAhead}'s stage before they are routed; none unless one is set. */
    private Predicate<Node> held = stanza -> false;
    private Function<List<Node>, CompletableFuture<?>> lookAhead;
    /** How long a look-ahead may take before its stanzas are routed anyway (their handlers read inline). */
    private Duration lookAheadTimeout = DEFAULT_LOOK_AHEAD_TIMEOUT;
    /** The most stanzas {@link #holding} keeps; later ones are routed at once. */
    private int holdCap = HOLD_CAP;
    private long timedOut;
    private long routedPastCap;
    /** Stanzas {@link #held} selects, in arrival order, not routed yet. */
    private final ArrayDeque<Node> holding = new ArrayDeque<>();
    /** Whether a look-ahead is out for the first of {@link #holding}, or {@link #holding} is being routed. */
    private boolean draining;
    /** How many of the first of {@link #holding} the last finished look-ahead covered: routed without another one. */
    private int covered;

    public StanzaRouter(StanzaSender sender, Scheduler scheduler, Executor sessionExecutor) {
        this(sender, scheduler, sessionExecutor, new StanzaIds());
    }

    StanzaRouter(StanzaSender sender, Scheduler scheduler, Executor sessionExecutor, StanzaIds ids) {
        this.sender = sender;
        this.scheduler = scheduler;
        this.sessionExecutor = sessionExecutor;
        this.ids = ids;
    }

    private record Route(StanzaMatcher matcher, StanzaHandler handler) {}

    private record PendingIq(CompletableFuture<Node> result, Scheduler.Cancellable timeout) {}

    /** Routes stanzas that match to the handler; more specific matchers win, then the earlier one. */
    public StanzaRouter on(StanzaMatcher matcher, StanzaHandler handler) {
        routes.add(new Route(matcher, handler));
        routes.sort(Comparator.comparingInt((Route r) -> r.matcher().specificity()).reversed());
        return this;
    }

    /** Called with every stanza no handler or pending request took (default: a debug log line). */
    public StanzaRouter onUnhandled(Consumer<Node> listener) {
        this.unhandledListener = listener;
        return this;
    }

    /** Called when a handler throws; routing carries on with the next stanza (default: a warning). */
    public StanzaRouter onHandlerFailure(BiConsumer<Node, Exception> listener) {
        this.handlerFailureListener = listener;
        return this;
    }

    /**
     * Looks up, before a stanza {@code which} selects is routed, what its handler would otherwise read on the session's
     * executor ({@code lookup} is given it and the other selected stanzas waiting behind it, at most
     * {@link #LOOK_AHEAD_BATCH}, and reads off the executor). While that stage is out, the stanza and every later one
     * {@code which} selects wait, in arrival order; the others (messages, iq answers, ...) are routed at once. A
     * failed stage is logged and the stanza routed anyway: its handler reads what it needs itself; so is one not
     * done within {@code timeout} (a hung store holds nothing for good), and a stage completing after that is
     * ignored. At most {@code holdCap} stanzas wait: a selected stanza beyond that is routed at once (its handler
     * reads inline, ahead of the ones waiting) rather than dropped or kept without bound. Stanzas still waiting when
     * the connection closes are dropped (not answered: the server delivers them again).
     */
    public StanzaRouter lookAhead(Predicate<Node> which, Function<List<Node>, CompletableFuture<?>> lookup,
                                  Duration timeout, int holdCap) {
        if (timeout.isNegative() || timeout.isZero() || holdCap < 1) {
            throw new IllegalArgumentException("a look-ahead needs a positive timeout and hold cap");
        }
        this.held = java.util.Objects.requireNonNull(which, "which");
        this.lookAhead = java.util.Objects.requireNonNull(lookup, "lookup");
        this.lookAheadTimeout = timeout;
        this.holdCap = holdCap;
        return this;
    }

    /** {@link #lookAhead(Predicate, Function, Duration, int)} with {@code timeout} and {@link #HOLD_CAP}. */
    public StanzaRouter lookAhead(Predicate<Node> which, Function<List<Node>, CompletableFuture<?>> lookup,
                                  Duration timeout) {
        return lookAhead(which, lookup, timeout, HOLD_CAP);
    }

    /** {@link #lookAhead(Predicate, Function, Duration, int)} with the defaults. */
    public StanzaRouter lookAhead(Predicate<Node> which, Function<List<Node>, CompletableFuture<?>> lookup) {
        return lookAhead(which, lookup, DEFAULT_LOOK_AHEAD_TIMEOUT, HOLD_CAP);
    }

    /** The most waiting stanzas one {@link #lookAhead} is given. */
    public static final int LOOK_AHEAD_BATCH = 128;

    /** The most stanzas waiting for look-aheads by default (eight look-aheads' worth). */
    public static final int HOLD_CAP = 8 * LOOK_AHEAD_BATCH;

    /** How long a look-ahead may take by default before its stanzas are routed anyway. */
    public static final Duration DEFAULT_LOOK_AHEAD_TIMEOUT = Duration.ofSeconds(20);

    /** Look-aheads that timed out (their stanzas were routed anyway). */
    public long lookAheadsTimedOut() {
        return timedOut;
    }

    /** Selected stanzas routed at once because {@link #HOLD_CAP the hold cap} was reached. */
    public long routedPastHoldCap() {
        return routedPastCap;
    }

    /** Stanzas waiting for a {@link #lookAhead}. */
    public int heldCount() {
        return holding.size();
    }

    /** A fresh stanza id, unique within this connection. */
    public String nextId() {
        return ids.next();
    }

    /** Sends a stanza that expects no response. */
    public void send(Node stanza) {
        sender.send(stanza);
    }

    /** Sends stanzas that expect no response, in order and together (one flush on the transport). */
    public void sendAll(List<Node> stanzas) {
        sender.sendAll(stanzas);
    }

    /**
     * Sends an iq and completes with its {@code type="result"} response; fails with {@link IqErrorException},
     * {@link IqTimeoutException} or {@link ConnectionClosedException}. An iq without an id gets one.
     */
    public CompletableFuture<Node> sendIq(Node iq, Duration timeout) {
        if (!iq.is("iq")) {
            throw new IllegalArgumentException("not an iq: " + iq.tag());
        }
        Node request = iq.hasAttr("id") ? iq : iq.toBuilder().attr("id", ids.next()).build();
        String id = request.attr("id");
        CompletableFuture<Node> result = new CompletableFuture<>();
        if (closedReason != null) {
            result.completeExceptionally(new ConnectionClosedException(id, closedReason));
            return result;
        }
        if (pending.containsKey(id)) {
            throw new IllegalArgumentException("an iq with id " + id + " is already waiting for its response");
        }
        String xmlns = request.attr("xmlns");
        Scheduler.Cancellable timer = scheduler.schedule(
                () -> sessionExecutor.execute(() -> expire(id, xmlns, timeout)), timeout);
        pending.put(id, new PendingIq(result, timer));
        try {
            sender.send(request);
        } catch (RuntimeException e) {
            pending.remove(id);
            timer.cancel();
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Routes one inbound stanza: to its waiting iq request if it answers one (by id), else to a handler. */
    public void dispatch(Node stanza) {
        if ((stanza.is("iq") || stanza.is("ack")) && completePending(stanza)) {
            return;
        }
        if (lookAhead != null && held.test(stanza)) {
            if (holding.size() >= holdCap) { // a hung or slow store: route it, its handler reads inline
                routedPastCap++;
                if (routedPastCap == 1 || routedPastCap % 1000 == 0) {
                    LOG.warn("{} stanzas wait for a look-ahead: <{} id={}> routed at once ({} so far)",
                            holding.size(), stanza.tag(), stanza.attr("id"), routedPastCap);
                }
                route(stanza);
                return;
            }
            holding.add(stanza);
            if (!draining) {
                drain();
            }
            return;
        }
        route(stanza);
    }

    /** Routes the waiting stanzas in order, each once its look-ahead is done; stops at one whose look-ahead is out. */
    private void drain() {
        draining = true;
        while (!holding.isEmpty() && closedReason == null) {
            if (covered > 0) { // looked up with the one before it
                covered--;
                route(holding.poll());
                continue;
            }
            Node next = holding.peek();
            List<Node> batch = holding.stream().limit(LOOK_AHEAD_BATCH).toList();
            CompletableFuture<?> read;
            try {
                read = lookAhead.apply(batch);
            } catch (RuntimeException e) {
                read = CompletableFuture.failedFuture(e);
            }
            if (!read.isDone()) { // the stanzas behind it wait too: the order of held stanzas is kept
                int size = batch.size();
                Scheduler.Cancellable timer = scheduler.schedule(() -> sessionExecutor.execute(() -> {
                    if (holding.peek() == next && closedReason == null) {
                        timedOut++;
                        lookedUp(next, new java.util.concurrent.TimeoutException("no answer within "
                                + lookAheadTimeout), size);
                    }
                }), lookAheadTimeout);
                read.whenComplete((ok, failure) -> {
                    timer.cancel();
                    sessionExecutor.execute(() -> lookedUp(next, failure, size));
                });
                return;
            }
            holding.poll();
            covered = batch.size() - 1;
            routeLookedUp(next, read.handle((ok, failure) -> failure).join());
        }
        holding.clear(); // closed: the server delivers them again
        covered = 0;
        draining = false;
    }

    private void lookedUp(Node next, Throwable failure, int batch) {
        if (holding.peek() != next || closedReason != null) {
            return; // the connection closed meanwhile
        }
        holding.poll();
        covered = batch - 1;
        routeLookedUp(next, failure);
        drain();
    }

    private void routeLookedUp(Node stanza, Throwable failure) {
        if (failure != null) {
            LOG.warn("looking up ahead what <{} id={}> names failed, its handler reads it: {}", stanza.tag(),
                    stanza.attr("id"), failure.toString());
        }
        route(stanza);
    }

    private void route(Node stanza) {
        for (Route route : routes) {
            if (route.matcher().matches(stanza)) {
                try {
                    route.handler().handle(stanza);
                } catch (Exception e) {
                    handlerFailures++;
                    handlerFailureListener.accept(stanza, e);
                }
                return;
            }
        }
        unhandledCount++;
        unhandledListener.accept(stanza);
    }

    /** Fails every waiting request and refuses new ones: the connection is gone. */
    public void close(String reason) {
        if (closedReason != null) {
            return;
        }
        closedReason = reason;
        holding.clear();
        draining = false;
        covered = 0;
        List<Map.Entry<String, PendingIq>> waiting = new ArrayList<>(pending.entrySet());
        pending.clear();
        for (var entry : waiting) {
            entry.getValue().timeout().cancel();
            entry.getValue().result().completeExceptionally(new ConnectionClosedException(entry.getKey(), reason));
        }
    }

    public boolean isClosed() {
        return closedReason != null;
    }

    public int pendingCount() {
        return pending.size();
    }

    public long unhandledCount() {
        return unhandledCount;
    }

    public long handlerFailures() {
        return handlerFailures;
    }

    /**
     * Completes the request an {@code <iq>} or {@code <ack>} answers, matched by id alone (as whatsmeow does): an
     * iq result completes it, an iq error fails it with its code, and anything else with that id (an ack, an iq of
     * another type) fails it at once with {@link IqErrorException} code 0 rather than leaving it to its timeout.
     */
    private boolean completePending(Node answer) {
        String id = answer.attr("id");
        PendingIq waiting = id == null ? null : pending.remove(id);
        if (waiting == null) {
            return false;
        }
        waiting.timeout().cancel();
        String type = answer.attr("type");
        if (answer.is("iq") && "result".equals(type)) {
            waiting.result().complete(answer);
        } else if (answer.is("iq") && "error".equals(type)) {
            waiting.result().completeExceptionally(errorOf(id, answer));
        } else {
            LOG.debug("request {} answered with {}", id, answer);
            waiting.result().completeExceptionally(new IqErrorException(id, 0,
                    "answered with <" + answer.tag() + (type == null ? "" : " type=" + type) + "> instead of a result",
                    answer));
        }
        return true;
    }

    private static IqErrorException errorOf(String id, Node response) {
        Node error = response.child("error");
        int code = 0;
        String text = "";
        if (error != null) {
            text = error.attr("text", "");
            try {
                code = Integer.parseInt(error.attr("code", "0"));
            } catch (NumberFormatException notANumber) {
                text = (error.attr("code") + " " + text).trim();
            }
        }
        return new IqErrorException(id, code, text, response);
    }

    private void expire(String id, String xmlns, Duration timeout) {
        PendingIq waiting = pending.remove(id);
        if (waiting != null) {
            waiting.result().completeExceptionally(new IqTimeoutException(id, xmlns, timeout));
        }
    }
}
