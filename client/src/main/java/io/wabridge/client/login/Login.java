package io.wabridge.client.login;

import io.wabridge.client.session.Failures;
import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.interop.Leniency;
import io.wabridge.client.interop.LeniencyCounters;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.Credentials;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a paired device does on a login connection: on {@code <success>} record the LID (a success without one
 * still opens, with a {@code Warning}: see {@link Leniency#LOGIN_WITHOUT_LID}), top up one-time prekeys,
 * go active ({@code <iq xmlns=passive type=set><active/>}), then report the connection open; afterwards answer
 * the server's prekey-low notifications and note the end of the offline backlog. Runs on the session executor.
 */
public final class Login {
    private static final Logger LOG = LoggerFactory.getLogger(Login.class);

    /** What the login reports to its client. */
    public interface Listener {
        /** The server's {@code <success>} arrived (the prekey check and the passive iq follow). */
        default void answered() {
        }

        /** Logged in and active. */
        void loggedIn(String me, String lid);

        void event(ClientEvent event);
    }

    private final StanzaRouter router;
    private final CredentialsCell credentials;
    private final PreKeyUploader preKeys;
    private final Duration iqTimeout;
    private final Listener listener;
    private final LeniencyCounters counters;
    private boolean loggedIn;

    public Login(StanzaRouter router, CredentialsCell credentials, PreKeyUploader preKeys, Duration iqTimeout,
                 LeniencyCounters counters, Listener listener) {
        this.router = router;
        this.counters = counters;
        this.credentials = credentials;
        this.preKeys = preKeys;
        this.iqTimeout = iqTimeout;
        this.listener = listener;
    }

    public void install() {
        router.on(StanzaMatcher.tag("success"), this::onSuccess);
        router.on(StanzaMatcher.tagAndType("notification", "encrypt"), this::onEncryptNotification);
    }

    public boolean isLoggedIn() {
        return loggedIn;
    }

    private void onSuccess(Node success) {
        if (loggedIn) {
            LOG.debug("second <success> ignored");
            return;
        }
        listener.answered();
        Credentials c = credentials.get();
        String lid = success.attr("lid");
        Jid parsed = lid == null ? null : Jid.tryParse(lid);
        if (lid != null && (parsed == null || !parsed.isLid())) {
            // As whatsmeow and Baileys, a lid we cannot use does not stop the login: keep what we know.
            counters.count(Leniency.SUCCESS_LID_INVALID);
            LOG.warn("server <success> lid is not an @lid JID ({}): ignored", lid);
            listener.event(new ClientEvent.Warning("server <success> lid is not an @lid JID: " + lid + " (ignored)"));
            parsed = null;
        }
        if (parsed != null && !parsed.toString().equals(c.lid())) {
            c = credentials.save(c.toBuilder().lid(parsed.toString()).build());
        }
        if (c.lid() == null) {
            // whatsmeow and Baileys open the session and learn the LID later (a later <success>, pair-success of
            // another link); until then sends use our phone-number identity and LID chats go without own copies.
            counters.count(Leniency.LOGIN_WITHOUT_LID);
            LOG.warn("server <success> carried no lid and none is stored: opening without our LID");
            listener.event(new ClientEvent.Warning(
                    "server <success> carried no lid attribute and none is stored: opening without our LID"));
        }
        String me = c.me();
        String ourLid = c.lid();
        // As the references: a failed prekey check or passive iq is logged, the connection still opens.
        preKeys.topUp()
                .exceptionally(failure -> {
                    LOG.warn("prekey check after login failed: {}", failure.toString());
                    listener.event(new ClientEvent.Warning("prekey upload failed: " + Failures.message(failure)));
                    return null;
                })
                .thenCompose(ignored -> setActive())
                .whenComplete((ignored, failure) -> {
                    if (router.isClosed()) {
                        return;
                    }
                    if (failure != null) {
                        listener.event(new ClientEvent.Warning("passive/active iq failed: " + Failures.message(failure)));
                    }
                    loggedIn = true;
                    listener.loggedIn(me, ourLid);
                });
    }

    private CompletableFuture<Node> setActive() {
        if (router.isClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        return router.sendIq(Node.builder("iq").attr("xmlns", "passive").attr("type", "set").attr("to", Jid.SERVER)
                .children(Node.of("active")).build(), iqTimeout);
    }

    private void onEncryptNotification(Node notification) {
        router.send(Acks.ackFor(notification));
        Node count = notification.child("count");
        String from = notification.attr("from");
        boolean fromServer = from == null || from.equals(JidServer.WHATSAPP) || Jid.SERVER.equals(Jid.tryParse(from));
        if (count == null || !fromServer) {
            return; // identity changes of contacts: the Signal layer's business
        }
        int left;
        try {
            left = Integer.parseInt(count.attr("value", ""));
        } catch (NumberFormatException e) {
            listener.event(new ClientEvent.Warning("encrypt notification with a bad count: " + notification));
            return;
        }
        preKeys.onServerCount(left).exceptionally(failure -> {
            listener.event(new ClientEvent.Warning("prekey top-up failed: " + Failures.message(failure)));
            return null;
        });
    }
}
