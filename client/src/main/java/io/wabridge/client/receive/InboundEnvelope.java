package io.wabridge.client.receive;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import java.time.Instant;

/**
 * Who sent a received {@code <message>} and where it belongs (whatsmeow {@code parseMessageSource}): in a 1:1
 * chat {@code from} is the sending device; when that device is one of ours the message is {@code fromMe} and its
 * chat is the {@code recipient} attribute. In groups {@code from} is the group and {@code participant} the sender.
 *
 * @param id        the message id
 * @param sender    the sending device (the Signal session is with it)
 * @param chat      the chat (a user without device, or a group)
 * @param fromMe    whether one of our own devices sent it
 * @param senderPn  the sender's phone-number user, when known
 * @param senderLid the sender's LID user, when known
 * @param pushName  the {@code notify} attribute, nullable
 * @param timestamp the {@code t} attribute (or the arrival time when absent)
 */
public record InboundEnvelope(String id, Jid sender, Jid chat, boolean fromMe, Jid senderPn, Jid senderLid,
                              String pushName, Instant timestamp) {

    /**
     * @param me    our own device JID (phone number form)
     * @param myLid our own device JID in LID form, nullable
     * @param now   the arrival time, used when the stanza has no {@code t}
     * @throws MalformedStanzaException if the id or a sender is missing or not a JID
     */
    public static InboundEnvelope parse(Node message, Jid me, Jid myLid, Instant now) throws MalformedStanzaException {
        String id = message.attr("id");
        if (id == null || id.isEmpty()) {
            throw new MalformedStanzaException("<message> without id");
        }
        try {
            Jid from = message.jidAttr("from");
            if (from == null || from.isServerJid()) {
                throw new MalformedStanzaException("<message " + id + "> without a sender");
            }
            Instant timestamp = timestamp(message.attr("t"), now);
            String pushName = message.attr("notify");
            if (from.isGroup() || from.isBroadcast()) {
                Jid participant = message.jidAttr("participant");
                if (participant == null) {
                    throw new MalformedStanzaException("group <message " + id + "> without participant");
                }
                boolean fromMe = isOwn(participant, me, myLid);
                return new InboundEnvelope(id, participant, from, fromMe, pn(participant, message, "participant_pn"),
                        lid(participant, message, "participant_lid"), pushName, timestamp);
            }
            if (isOwn(from, me, myLid)) {
                Jid recipient = message.jidAttr("recipient");
                Jid chat = recipient != null ? recipient.toNonAd() : from.toNonAd();
                return new InboundEnvelope(id, from, chat, true, me.toNonAd(),
                        myLid == null ? null : myLid.toNonAd(), pushName, timestamp);
            }
            return new InboundEnvelope(id, from, from.toNonAd(), false, pn(from, message, "sender_pn"),
                    lid(from, message, "sender_lid"), pushName, timestamp);
        } catch (InvalidJidException e) {
            throw new MalformedStanzaException("<message " + id + "> with a bad JID: " + e.getMessage());
        }
    }

    private static boolean isOwn(Jid device, Jid me, Jid myLid) {
        return device.sameUser(me) || myLid != null && device.sameUser(myLid);
    }

    private static Jid pn(Jid sender, Node message, String altAttr) {
        if (sender.isPn()) {
            return sender.toNonAd();
        }
        Jid alt = message.jidAttr(altAttr);
        return alt == null ? null : alt.toNonAd();
    }

    private static Jid lid(Jid sender, Node message, String altAttr) {
        if (sender.isLid()) {
            return sender.toNonAd();
        }
        Jid alt = message.jidAttr(altAttr);
        return alt == null ? null : alt.toNonAd();
    }

    private static Instant timestamp(String t, Instant now) {
        if (t == null) {
            return now;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return now;
        }
    }
}
