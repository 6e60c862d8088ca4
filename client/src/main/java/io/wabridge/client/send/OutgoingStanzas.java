package io.wabridge.client.send;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.proto.wa.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <message>} stanzas we send: the fan-out
 * {@code <message id to type [edit]><participants><to jid=device><enc v=2 type=pkmsg|msg [mediatype]
 * [decrypt-fail]>..</enc></to>..</participants>[<device-identity>..</device-identity>][<meta polltype>]</message>}
 * and the single-device resend that answers a retry receipt ({@code <enc count>} directly, {@code
 * device_fanout=false}). {@code device-identity} (our ADVSignedDeviceIdentity) goes along only when some part is
 * a pkmsg: the receiver needs it to check a new session's identity.
 */
public final class OutgoingStanzas {

    /** One device's ciphertext. */
    public record Part(Jid device, EncryptedMessage encrypted) {}

    private OutgoingStanzas() {
    }

    public static Node fanOut(String id, Jid to, Message message, List<Part> parts, byte[] deviceIdentity) {
        String mediaType = MessageTypes.mediaType(message);
        boolean hide = MessageTypes.hideDecryptFailure(message);
        List<Node> participants = new ArrayList<>(parts.size());
        boolean preKey = false;
        for (Part part : parts) {
            preKey |= part.encrypted().type() == CiphertextType.PKMSG;
            participants.add(Node.builder("to").attr("jid", part.device())
                    .children(enc(part.encrypted(), mediaType, hide, 0)).build());
        }
        var stanza = messageAttrs(id, to, message);
        stanza.child(Node.builder("participants").children(participants).build());
        finish(stanza, message, preKey, deviceIdentity);
        return stanza.build();
    }

    /**
     * A group message: {@code <message id to=GROUP type phash [addressing_mode]>[<participants><to jid><enc
     * pkmsg|msg>SKDM</enc></to>..</participants>][<device-identity>]<enc v=2 type=skmsg [mediatype]>}; the
     * pairwise parts carry our sender key to the devices that lack it (whatsmeow {@code sendGroup}).
     */
    public static Node group(String id, Jid group, Message message, List<Part> parts, byte[] skmsg, String phash,
                             String addressingMode, byte[] deviceIdentity) {
        var stanza = messageAttrs(id, group, message).attr("phash", phash);
        if (addressingMode != null) {
            stanza.attr("addressing_mode", addressingMode);
        }
        boolean preKey = false;
        if (!parts.isEmpty()) {
            List<Node> participants = new ArrayList<>(parts.size());
            for (Part part : parts) {
                preKey |= part.encrypted().type() == CiphertextType.PKMSG;
                participants.add(Node.builder("to").attr("jid", part.device())
                        .children(enc(part.encrypted(), null, false, 0)).build());
            }
            stanza.child(Node.builder("participants").children(participants).build());
        }
        if (preKey) {
            stanza.child(Node.builder("device-identity").bytes(deviceIdentity).build());
        }
        var enc = Node.builder("enc").attr("v", "2").attr("type", "skmsg");
        String mediaType = MessageTypes.mediaType(message);
        if (mediaType != null) {
            enc.attr("mediatype", mediaType);
        }
        if (MessageTypes.hideDecryptFailure(message)) {
            enc.attr("decrypt-fail", "hide");
        }
        stanza.child(enc.bytes(skmsg).build());
        finish(stanza, message, false, deviceIdentity);
        return stanza.build();
    }

    /**
     * A message to our own primary phone ({@code category="peer"}): {@code <message id to=OWN_USER type
     * category="peer" push_priority="high_force"><enc pkmsg|msg/>[<device-identity>]</message>}, encrypted for the
     * primary device only (whatsmeow {@code sendPeerMessage}).
     */
    public static Node peer(String id, Jid ownUser, Message message, EncryptedMessage encrypted, byte[] deviceIdentity) {
        var stanza = messageAttrs(id, ownUser, message);
        stanza.attr("category", "peer").attr("push_priority", "high_force");
        stanza.child(enc(encrypted, null, false, 0));
        finish(stanza, message, encrypted.type() == CiphertextType.PKMSG, deviceIdentity);
        return stanza.build();
    }

    /**
     * The resend of a message to one device after its retry receipt.
     *
     * @param to        the device that asked (the retry receipt's {@code from})
     * @param recipient the chat, when the device is one of our own (else null)
     */
    public static Node resend(String id, Jid to, Jid recipient, Message message, EncryptedMessage encrypted,
                              int retryCount, long timestamp, byte[] deviceIdentity) {
        var stanza = messageAttrs(id, to, message);
        stanza.attr("t", timestamp).attr("device_fanout", "false");
        if (recipient != null) {
            stanza.attr("recipient", recipient);
        }
        stanza.child(enc(encrypted, MessageTypes.mediaType(message), MessageTypes.hideDecryptFailure(message),
                retryCount));
        finish(stanza, message, encrypted.type() == CiphertextType.PKMSG, deviceIdentity);
        return stanza.build();
    }

    /**
     * The resend of a group message to one member device after its retry receipt: pairwise, with our sender key's
     * distribution message inside the plaintext ({@code <message to=GROUP participant=DEVICE id t type><enc
     * pkmsg|msg count>}, whatsmeow {@code retry.go}).
     */
    public static Node resendInGroup(String id, Jid group, Jid device, Message message, EncryptedMessage encrypted,
                                     int retryCount, long timestamp, byte[] deviceIdentity) {
        var stanza = messageAttrs(id, group, message);
        stanza.attr("participant", device).attr("t", timestamp);
        stanza.child(enc(encrypted, MessageTypes.mediaType(message), MessageTypes.hideDecryptFailure(message),
                retryCount));
        finish(stanza, message, encrypted.type() == CiphertextType.PKMSG, deviceIdentity);
        return stanza.build();
    }

    private static io.wabridge.client.binary.NodeBuilder messageAttrs(String id, Jid to, Message message) {
        var stanza = Node.builder("message").attr("id", id).attr("to", to).attr("type", MessageTypes.stanzaType(message));
        String edit = MessageTypes.editAttribute(message);
        if (edit != null) {
            stanza.attr("edit", edit);
        }
        return stanza;
    }

    private static void finish(io.wabridge.client.binary.NodeBuilder stanza, Message message, boolean preKey,
                               byte[] deviceIdentity) {
        if (preKey) {
            stanza.child(Node.builder("device-identity").bytes(deviceIdentity).build());
        }
        if ("poll".equals(MessageTypes.stanzaType(message))) {
            stanza.child(Node.builder("meta").attr("polltype", "creation").build());
        }
    }

    private static Node enc(EncryptedMessage encrypted, String mediaType, boolean hide, int retryCount) {
        var enc = Node.builder("enc").attr("v", "2").attr("type", encrypted.type().wireName());
        if (retryCount > 0) {
            enc.attr("count", retryCount);
        }
        if (mediaType != null) {
            enc.attr("mediatype", mediaType);
        }
        if (hide) {
            enc.attr("decrypt-fail", "hide");
        }
        return enc.bytes(encrypted.ciphertext()).build();
    }
}
