package io.wabridge.client.call;

import io.wabridge.client.jid.Jid;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@code <call>} stanza (or our own reject) said about one call.
 *
 * @param callId     the call's id ({@code call-id}); "" for an unknown stanza that named none
 * @param status     what happened
 * @param from       who the stanza came from: the caller's device, or (accepted / rejected elsewhere) our own device
 *                   that answered; null for our own reject
 * @param creator    the caller ({@code call-creator}, a user JID without device; pn or lid), null when unnamed
 * @param creatorPn  the caller's phone-number JID when known (the creator itself or {@code caller_pn}), else null
 * @param creatorLid the caller's LID when known (the creator itself or {@code caller_lid}), else null
 * @param video      a video call (from the offer: a {@code <video>} child or {@code media="video"})
 * @param group      a group call ({@code type="group"} or a {@code group-jid})
 * @param groupJid   the group of a group call when the server named it, else null
 * @param elsewhere  ACCEPTED / REJECTED by another device of this account (the phone); false when the caller or this
 *                   client did it
 * @param automatic  REJECTED by this client's auto-reject
 * @param reason     a terminate's {@code reason} attribute ("timeout", ...), else null
 * @param tag        the stanza's child tag ({@code offer}, {@code offer_notice}, {@code terminate}, ...); for an
 *                   UNKNOWN stanza without exactly one child, {@code call}
 * @param attributes for UNKNOWN the attributes of that tag's node, raw; empty otherwise
 * @param timestamp  the server's time of the stanza ({@code t}), else when it arrived
 * @param offline    delivered from the offline queue (the call may be long over)
 */
public record CallUpdate(String callId, Status status, Jid from, Jid creator, Jid creatorPn, Jid creatorLid,
                         boolean video, boolean group, Jid groupJid, boolean elsewhere, boolean automatic,
                         String reason, String tag, Map<String, String> attributes, Instant timestamp,
                         boolean offline) {

    /** What happened to the call. */
    public enum Status {
        /** Someone calls (a 1:1 {@code offer}, or a group call's {@code offer_notice}). */
        OFFER,
        /** The call was accepted (on another device of this account when {@code elsewhere}). */
        ACCEPTED,
        /** The call was rejected: by another device of this account ({@code elsewhere}), or here. */
        REJECTED,
        /** Nobody answered in time ({@code terminate reason="timeout"}). */
        TIMEOUT,
        /** The call ended: the caller hung up, or an answered call was over ({@code terminate}). */
        TERMINATED,
        /** A call stanza this client does not model: {@link #tag} and {@link #attributes} tell what it was. */
        UNKNOWN
    }

    public CallUpdate {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(timestamp, "timestamp");
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }
}
