package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages and receipts waiting for one device, kept until the device acknowledges each one, as WhatsApp
 * keeps them: a device that is offline gets them at its next login, and one that dropped before acknowledging
 * gets them again. Bounded: past {@link #capacity} the oldest entry is dropped (and logged). Thread-safe; the sink
 * is called under the lock, which is fine because sinks only enqueue.
 */
final class DeviceMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceMailbox.class);

    private final String owner;
    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private StanzaSink sink;
    private long dropped;

    /** One stanza and what its acknowledgement names: {@code <ack class=TAG id=ID to=FROM [type=TYPE]>}. */
    private record Entry(String tag, String id, Jid from, String type, Node stanza) {}

    DeviceMailbox(String owner, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.owner = owner;
        this.capacity = capacity;
    }

    /** Keeps a stanza until acknowledged, and hands it to the device now if it is online. */
    synchronized void offer(Node stanza) {
        if (entries.size() >= capacity) {
            Entry oldest = entries.pollFirst();
            dropped++;
            LOG.warn("mailbox of {} is full ({} entries): dropped the oldest, {} {}", owner, capacity, oldest.tag,
                    oldest.id);
        }
        entries.addLast(new Entry(stanza.tag(), stanza.attr("id"), stanza.jidAttr("from"), stanza.attr("type"),
                stanza));
        if (sink != null) {
            sink.deliver(stanza);
        }
    }

    /**
     * Hands an ephemeral stanza (presence, chat state) to the device if it is online, without keeping it: WhatsApp
     * does not deliver those later.
     *
     * @return whether the device was online
     */
    synchronized boolean deliverLive(Node stanza) {
        if (sink == null) {
            return false;
        }
        sink.deliver(stanza);
        return true;
    }

    /**
     * Makes {@code online} the device's sink and returns everything waiting, in order, for the caller to send
     * before anything the sink gets later (the caller runs on the executor the sink enqueues onto).
     */
    synchronized List<Node> attach(StanzaSink online) {
        this.sink = online;
        List<Node> backlog = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            backlog.add(entry.stanza);
        }
        return backlog;
    }

    /** Stops live delivery to {@code online}, unless another sink has replaced it meanwhile; true if it stopped. */
    synchronized boolean detach(StanzaSink online) {
        if (sink == online) {
            sink = null;
            return true;
        }
        return false;
    }

    synchronized boolean isOnline() {
        return sink != null;
    }

    /**
     * Forgets the first entry the acknowledgement names. A type in the ack must match (a device acks a delivery
     * receipt and a read receipt of the same message apart); an ack without one matches any type.
     *
     * @return whether an entry was removed
     */
    synchronized boolean acknowledge(String tag, String id, Jid from, String type) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.tag.equals(tag) && entry.id != null && entry.id.equals(id)
                    && (from == null || from.equals(entry.from))
                    && (type == null || "message".equals(tag) || type.equals(entry.type))) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long dropped() {
        return dropped;
    }
}
