package io.wabridge.client.send;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.DeviceKeyBundle;
import io.wabridge.client.stanza.StanzaRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches prekey bundles for devices we have no session with:
 * {@code <iq xmlns=encrypt type=get><key><user jid=device reason=identity/>..</key></iq>}, answered with
 * {@code <list><user jid>bundle</user>..</list>} (whatsmeow {@code fetchPreKeys}).
 */
public final class PreKeyFetch {

    /** What the server answered for one device: a bundle, or why there is none. */
    public record Result(DeviceKeyBundle bundle, String error) {
        public boolean ok() {
            return bundle != null;
        }
    }

    /**
     * Devices asked for in one iq. whatsmeow ({@code fetchPreKeys}) and Baileys ({@code assertSessions}) ask for all
     * the devices of a send in one iq and no server cap is documented; we split bigger fetches anyway, so that one
     * answer is never more than a few milliseconds of parsing on the session's executor and one failed iq loses no
     * other device's bundle (a 1,024-member group can name over 2,000 devices).
     */
    public static final int DEVICES_PER_IQ = 128;

    private PreKeyFetch() {
    }

    public static Node request(List<Jid> devices) {
        List<Node> users = new ArrayList<>(devices.size());
        for (Jid device : devices) {
            users.add(Node.builder("user").attr("jid", device).attr("reason", "identity").build());
        }
        return Node.builder("iq").attr("xmlns", "encrypt").attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.builder("key").children(users).build()).build();
    }

    /** One result per requested device; a device the response does not mention gets an error result. */
    public static Map<Jid, Result> parse(Node response, List<Jid> requested) {
        Map<Jid, Result> results = new HashMap<>();
        Node list = response.child("list");
        if (list != null) {
            for (Node user : list.children("user")) {
                Jid jid = Jid.tryParse(user.attr("jid"));
                if (jid == null) {
                    continue;
                }
                try {
                    results.put(jid, new Result(KeyBundleNodes.parse(user, jid.device()), null));
                } catch (MalformedKeyBundleException | IllegalArgumentException e) {
                    results.put(jid, new Result(null, e.getMessage()));
                }
            }
        }
        for (Jid device : requested) {
            results.putIfAbsent(device, new Result(null, "no keys in the server's answer"));
        }
        return results;
    }

    public static CompletableFuture<Map<Jid, Result>> fetch(StanzaRouter router, List<Jid> devices, Duration timeout) {
        if (devices.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return router.sendIq(request(devices), timeout).thenApply(response -> parse(response, devices));
    }
}
