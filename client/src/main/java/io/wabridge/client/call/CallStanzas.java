package io.wabridge.client.call;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The {@code <call>} stanza's shape, read as whatsmeow ({@code handleCallEvent}) and Baileys ({@code handleCall},
 * {@code getCallStatusFromNode}) read it: exactly one child, whose tag says what happened, with {@code call-id} and
 * {@code call-creator} (plus {@code caller_pn} / {@code caller_lid}, {@code group-jid}, {@code type},
 * {@code media}); the stanza's {@code from}, {@code t} and {@code offline}. Liberal: a missing or odd attribute
 * leaves its field empty, never fails.
 */
public final class CallStanzas {
    /** Children that carry nothing for a client without media: acknowledged, no event. */
    public static final Set<String> IGNORED = Set.of("relaylatency", "preaccept", "transport", "enc_rekey", "mute_v2",
            "video_state", "interruption");

    private CallStanzas() {
    }

    /** The child a call stanza is about, or null when it does not have exactly one. */
    public static Node child(Node call) {
        return call.children().size() == 1 ? call.children().getFirst() : null;
    }

    /**
     * The update a call stanza says (its status by the child's tag; UNKNOWN for anything unmodelled).
     *
     * @param ownUser our own user JID (pn, no device), to tell accept/reject on another device of ours
     * @param ownLid  our own LID user JID, or null
     * @param now     when the stanza arrived (its time when it carries none)
     */
    public static CallUpdate parse(Node call, Jid ownUser, Jid ownLid, Instant now) {
        Jid from = jid(call, "from");
        Instant at = time(call.attr("t"), now);
        boolean offline = call.hasAttr("offline");
        Node child = child(call);
        if (child == null) {
            return new CallUpdate("", CallUpdate.Status.UNKNOWN, from, null, null, null, false, false, null, false,
                    false, null, "call", call.attrs(), at, offline);
        }
        String callId = child.attr("call-id", "");
        Jid creator = user(jid(child, "call-creator"));
        if (creator == null) {
            creator = user(jid(child, "from"));
        }
        Jid pn = creator != null && creator.isPn() ? creator : user(jid(child, "caller_pn"));
        Jid lid = creator != null && creator.isLid() ? creator : user(jid(child, "caller_lid"));
        Jid groupJid = jid(child, "group-jid");
        boolean group = "group".equals(child.attr("type")) || groupJid != null;
        boolean video = child.child("video") != null || "video".equals(child.attr("media"));
        boolean elsewhere = from != null && (from.sameUser(ownUser) || (ownLid != null && from.sameUser(ownLid)));
        CallUpdate.Status status;
        String reason = null;
        Map<String, String> raw = Map.of();
        switch (child.tag()) {
            case "offer", "offer_notice" -> status = CallUpdate.Status.OFFER;
            case "accept" -> status = CallUpdate.Status.ACCEPTED;
            case "reject" -> status = CallUpdate.Status.REJECTED;
            case "terminate" -> {
                reason = child.attr("reason");
                status = "timeout".equals(reason) ? CallUpdate.Status.TIMEOUT : CallUpdate.Status.TERMINATED;
            }
            default -> {
                status = CallUpdate.Status.UNKNOWN;
                raw = child.attrs();
            }
        }
        return new CallUpdate(callId, status, from, creator, pn, lid, video, group, groupJid,
                elsewhere && (status == CallUpdate.Status.ACCEPTED || status == CallUpdate.Status.REJECTED), false,
                reason, child.tag(), raw, at, offline);
    }

    /** {@code <call id from=OWN to=CREATOR><reject call-id call-creator=CREATOR count="0"/></call>}, as both references send it. */
    public static Node reject(String stanzaId, Jid ownUser, Jid creator, String callId) {
        return Node.builder("call").attr("id", stanzaId).attr("from", ownUser.normalizedUser())
                .attr("to", creator.normalizedUser())
                .child(Node.builder("reject").attr("call-id", callId).attr("call-creator", creator.normalizedUser())
                        .attr("count", "0").build())
                .build();
    }

    /** The attribute as a JID, or null when absent or not a JID (a call is never refused over one attribute). */
    private static Jid jid(Node node, String key) {
        try {
            return node.jidAttr(key);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Jid user(Jid jid) {
        return jid == null ? null : jid.normalizedUser();
    }

    private static Instant time(String t, Instant fallback) {
        if (t == null) {
            return fallback;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
