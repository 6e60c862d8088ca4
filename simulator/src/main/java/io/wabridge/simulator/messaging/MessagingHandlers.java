package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.Node;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.server.ServerSession;

/**
 * The messaging stanzas of a logged-in device's connection: its {@code <message>}, {@code <receipt>} and
 * {@code <ack>} go to the {@link MessageRouter}, its {@code <presence>} and {@code <chatstate>} to the
 * {@link PresenceRouter}; device lists come from {@code <iq xmlns="usync">}. (Prekey
 * fetches share the {@code encrypt} namespace with the device's own key iqs and are answered there.)
 */
public final class MessagingHandlers {
    private MessagingHandlers() {}

    /** @param sink where the server's answers to this connection go (the same sink its mailbox is attached to) */
    public static void install(ServerSession session, PhoneAccount account, int deviceId, StanzaSink sink,
                               MessagingService messaging) {
        DeviceEndpoint endpoint = new DeviceEndpoint(account, deviceId, sink);
        MessageRouter router = messaging.router();
        session.router().on(StanzaMatcher.tag("message"), message -> router.onMessage(endpoint, message));
        session.router().on(StanzaMatcher.tag("receipt"), receipt -> router.onReceipt(endpoint, receipt));
        session.router().on(StanzaMatcher.tag("ack"), ack -> router.onAck(endpoint, ack));
        session.router().on(StanzaMatcher.tag("presence"), p -> messaging.presence().onPresence(endpoint, p));
        session.router().on(StanzaMatcher.tag("chatstate"), c -> messaging.presence().onChatState(endpoint, c));
        for (String type : new String[] {"get", "set"}) {
            session.router().on(StanzaMatcher.iq(type, "w:g2"), iq -> {
                GroupStanzas groups = router.groups();
                session.send(groups != null ? groups.onIq(endpoint, iq) : Node.builder("iq").attr("id", iq.attr("id"))
                        .attr("type", "error").attr("from", iq.attr("to", "g.us")).child(Node.builder("error")
                                .attr("code", 501).attr("text", "feature-not-implemented").build()).build());
            });
        }
        session.router().on(StanzaMatcher.iq("set", "privacy"), iq -> session.send(iq.child("privacy") != null
                ? messaging.blocking().onPrivacyIq(account, deviceId, iq) : messaging.privacyTokens().onIssueIq(account, iq)));
        session.router().on(StanzaMatcher.iq("get", "privacy"),
                iq -> session.send(messaging.blocking().onPrivacyIq(account, deviceId, iq)));
        for (String type : new String[] {"get", "set"}) {
            session.router().on(StanzaMatcher.iq(type, "blocklist"),
                    iq -> session.send(messaging.blocking().onBlocklistIq(account, deviceId, iq)));
        }
        session.router().on(StanzaMatcher.iq("set", "disappearing_mode"),
                iq -> session.send(messaging.defaultTimers().onIq(account, deviceId, iq)));
        session.router().on(StanzaMatcher.tag("call"),
                call -> session.send(messaging.calls().onStanza(account, deviceId, call)));
        session.router().on(StanzaMatcher.iq("get", "usync"),
                iq -> session.send(UsyncResponder.answer(iq, messaging.accounts(), account)));
    }
}
