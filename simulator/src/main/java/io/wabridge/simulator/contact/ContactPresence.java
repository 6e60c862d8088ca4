package io.wabridge.simulator.contact;

import io.wabridge.client.jid.Jid;
import java.time.Instant;

/**
 * A presence update a simulated phone received (for a user it subscribed to).
 *
 * @param from      the user
 * @param available online or not
 * @param lastSeen  the {@code last} the server sent with an unavailable status, else null
 */
public record ContactPresence(Jid from, boolean available, Instant lastSeen) {}
