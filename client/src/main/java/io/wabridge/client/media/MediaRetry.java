package io.wabridge.client.media;

import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.Hkdf;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.wa.MediaRetryNotification;
import io.wabridge.proto.wa.ServerErrorReceipt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The media re-upload exchange ({@code mediaretry}, whatsmeow {@code mediaretry.go}, Baileys
 * {@code encryptMediaRetryRequest}): when the media hosts no longer have a blob, the receiver sends
 * {@code <receipt id=MSG to=OWN_USER type="server-error"><encrypt><enc_p/><enc_iv/></encrypt><rmr jid=CHAT
 * from_me [participant]/></receipt>}, the encrypted part a {@code ServerErrorReceipt{stanzaId}}; the sender's phone
 * uploads it again and the server relays {@code <notification type="mediaretry" id=MSG><rmr/><encrypt>..</encrypt>}
 * with a {@code MediaRetryNotification{stanzaId, directPath, result}} (or an {@code <error code>}). Both parts are
 * AES-256-GCM under HKDF-SHA256(mediaKey, "WhatsApp Media Retry Notification", 32), 12-byte IV, the message id as
 * associated data. Stateless; the simulator uses the same code for the phone's side.
 */
public final class MediaRetry {

    private static final byte[] INFO = "WhatsApp Media Retry Notification".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private MediaRetry() {
    }

    /** Which message's media is asked for: its id, chat, whether we sent it, and its author in a group. */
    public record Origin(String messageId, Jid chat, boolean fromMe, Jid participant) {
        public Origin {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(chat, "chat");
        }
    }

    /** The phone's answer: where the re-uploaded blob is, or why there is none. */
    public record Result(MediaRetryNotification.ResultType result, String directPath, int errorCode) {
        public boolean success() {
            return result == MediaRetryNotification.ResultType.SUCCESS && directPath != null && !directPath.isEmpty();
        }
    }

    /** The receipt asking the sender's phone to upload the media of {@code origin} again. */
    public static Node request(Origin origin, byte[] mediaKey, Jid ownUser) {
        byte[] plain = ServerErrorReceipt.newBuilder().setStanzaId(origin.messageId()).build().toByteArray();
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, mediaKey, iv, origin.messageId(), plain);
        var rmrNode = Node.builder("rmr").attr("jid", origin.chat()).attr("from_me", String.valueOf(origin.fromMe()));
        if (origin.participant() != null) {
            rmrNode.attr("participant", origin.participant());
        }
        return Node.builder("receipt").attr("id", origin.messageId()).attr("to", ownUser.normalizedUser())
                .attr("type", "server-error")
                .children(Node.builder("encrypt").children(
                                Node.builder("enc_p").bytes(ciphertext).build(),
                                Node.builder("enc_iv").bytes(iv).build()).build(),
                        rmrNode.build())
                .build();
    }

    /** Reads a retry request (the phone's side): the message id it names, checked against the AAD. */
    public static String readRequest(Node receipt, byte[] mediaKey) throws GeneralSecurityException {
        String id = receipt.requireAttr("id");
        byte[] plain = decryptPart(receipt.child("encrypt"), mediaKey, id);
        try {
            String stanzaId = ServerErrorReceipt.parseFrom(plain).getStanzaId();
            if (!id.equals(stanzaId)) {
                throw new GeneralSecurityException("retry request for " + stanzaId + " inside receipt " + id);
            }
            return stanzaId;
        } catch (InvalidProtocolBufferException e) {
            throw new GeneralSecurityException("unreadable retry request", e);
        }
    }

    /** The notification answering a retry request (the phone's side, relayed by the server). */
    public static Node notification(String messageId, Node rmr, byte[] mediaKey, MediaRetryNotification.ResultType result,
                                    String directPath, String from) {
        MediaRetryNotification.Builder n = MediaRetryNotification.newBuilder().setStanzaId(messageId).setResult(result);
        if (directPath != null) {
            n.setDirectPath(directPath);
        }
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, mediaKey, iv, messageId, n.build().toByteArray());
        var b = Node.builder("notification").attr("id", messageId).attr("type", "mediaretry")
                .attr("t", System.currentTimeMillis() / 1000);
        if (from != null) {
            b.attr("from", from);
        }
        return b.children(rmr, Node.builder("encrypt").children(Node.builder("enc_p").bytes(ciphertext).build(),
                Node.builder("enc_iv").bytes(iv).build()).build()).build();
    }

    /**
     * Reads a {@code mediaretry} notification for a message whose media key we hold.
     *
     * @throws GeneralSecurityException when the encrypted part does not verify under that key
     */
    public static Result readNotification(Node notification, byte[] mediaKey) throws GeneralSecurityException {
        Node error = notification.child("error");
        if (error != null) {
            int code;
            try {
                code = Integer.parseInt(error.attr("code", "0"));
            } catch (NumberFormatException e) {
                code = 0;
            }
            return new Result(MediaRetryNotification.ResultType.GENERAL_ERROR, null, code);
        }
        String id = notification.requireAttr("id");
        byte[] plain = decryptPart(notification.child("encrypt"), mediaKey, id);
        try {
            MediaRetryNotification n = MediaRetryNotification.parseFrom(plain);
            if (n.hasStanzaId() && !id.equals(n.getStanzaId())) {
                throw new GeneralSecurityException("retry notification for " + n.getStanzaId() + " inside " + id);
            }
            return new Result(n.getResult(), n.hasDirectPath() ? n.getDirectPath() : null, 0);
        } catch (InvalidProtocolBufferException e) {
            throw new GeneralSecurityException("unreadable retry notification", e);
        }
    }

    private static byte[] decryptPart(Node encrypt, byte[] mediaKey, String id) throws GeneralSecurityException {
        if (encrypt == null || encrypt.child("enc_p") == null || encrypt.child("enc_iv") == null
                || encrypt.child("enc_p").bytes() == null || encrypt.child("enc_iv").bytes() == null) {
            throw new GeneralSecurityException("no <encrypt><enc_p/><enc_iv/></encrypt>");
        }
        byte[] iv = encrypt.child("enc_iv").bytes();
        if (iv.length != 12) {
            throw new GeneralSecurityException("enc_iv is " + iv.length + " bytes, not 12");
        }
        try {
            return gcm(Cipher.DECRYPT_MODE, mediaKey, iv, id, encrypt.child("enc_p").bytes());
        } catch (IllegalStateException e) {
            throw new GeneralSecurityException("retry payload does not verify", e.getCause());
        }
    }

    private static byte[] gcm(int mode, byte[] mediaKey, byte[] iv, String aad, byte[] input) {
        try {
            byte[] key = Hkdf.derive(null, mediaKey, INFO, 32);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
