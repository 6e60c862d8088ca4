package io.wabridge.client.send;

import io.wabridge.client.jid.Jid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The participant list hash ("phash" v2) of the devices a message went to: {@code "2:" + base64(first 6 bytes of
 * SHA-256(sorted device JIDs in user.agent:device@server form, concatenated))} (whatsmeow
 * {@code participantListHashV2}, zapo {@code computePhashV2}). For a 1:1 message the server puts its own hash
 * in the ack when its device list differs from ours; we compare to know our cached device lists are stale.
 */
public final class ParticipantHash {

    private ParticipantHash() {
    }

    public static String of(List<Jid> devices) {
        List<String> forms = new ArrayList<>(devices.size());
        for (Jid device : devices) {
            forms.add(device.user() + "." + device.agent() + ":" + device.device() + "@" + device.server());
        }
        Collections.sort(forms);
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        for (String form : forms) {
            sha256.update(form.getBytes(StandardCharsets.UTF_8));
        }
        byte[] digest = sha256.digest();
        return "2:" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(digest, 6));
    }
}
