package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PreKeyBundle;
import io.wabridge.simulator.account.PublishedPreKey;
import io.wabridge.simulator.account.PublishedSignedPreKey;
import io.wabridge.simulator.account.UnknownDeviceException;
import io.wabridge.simulator.server.ServerStanzas;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers a prekey fetch, {@code <iq xmlns="encrypt" type="get"><key><user jid=DEVICE/>..</key></iq>}, with
 * {@code <list><user jid=DEVICE><registration>4B</registration><type>05</type><identity>32B</identity><skey><id>3B
 * </id><value>32B</value><signature>64B</signature></skey><key><id>3B</id><value>32B</value></key></user>..</list>}.
 * Each one-time prekey is handed out once: a device that ran out gets a bundle without {@code <key>}. A JID
 * without a device means device 0; an unknown device gets {@code <user jid><error code="404"
 * text="item-not-found"/></user>}.
 */
public final class PreKeyFetchResponder {
    /**
     * Devices one fetch may name: a guard against a runaway request only, far above what any send needs. WhatsApp
     * documents no cap, and whatsmeow ({@code fetchPreKeys}) and Baileys ({@code assertSessions}) ask for every
     * device of a send in one iq, so the server answers a full group's (1,024 participants with a phone and up to
     * four companions each, 5,120 devices) in one; a cap below that here would refuse what the server accepts.
     */
    static final int MAX_DEVICES = 8192;

    private PreKeyFetchResponder() {}

    /** @param asking the account whose device asks (its interoperability switches apply) */
    public static Node answer(Node iq, Accounts accounts, MessagingService messaging, PhoneAccount asking) {
        Node key = iq.child("key");
        List<Node> users = key == null ? List.of() : key.children("user");
        int cap = asking.interop().preKeyFetchCap();
        if (users.isEmpty() || users.size() > MAX_DEVICES || (cap > 0 && users.size() > cap)) {
            return ServerStanzas.iqError(iq, 400, "bad-request");
        }
        List<Node> answers = new ArrayList<>(users.size());
        for (Node user : users) {
            Jid device;
            try {
                device = user.requireJidAttr("jid");
            } catch (InvalidJidException | io.wabridge.client.binary.MissingAttributeException e) {
                return ServerStanzas.iqError(iq, 400, "bad-request");
            }
            boolean withheld = device.device() == 0 && asking.interop().withholdOwnPhoneKeys()
                    && accounts.find(device).orElse(null) == asking;
            answers.add(withheld ? notFound(device) : bundle(device, accounts, messaging));
        }
        return ServerStanzas.iqResult(iq, Node.builder("list").children(answers).build());
    }

    private static Node bundle(Jid device, Accounts accounts, MessagingService messaging) {
        Optional<PhoneAccount> account = accounts.find(device);
        if (account.isEmpty() || !account.get().hasDevice(device.device())) {
            return notFound(device);
        }
        try {
            return node(device, messaging.takeBundle(account.get(), device.device()));
        } catch (UnknownDeviceException unlinkedMeanwhile) {
            return notFound(device);
        }
    }

    private static Node notFound(Jid device) {
        return Node.builder("user").attr("jid", device).children(
                Node.builder("error").attr("code", 404).attr("text", "item-not-found").build()).build();
    }

    /** The {@code <user>} node of one bundle. */
    static Node node(Jid device, PreKeyBundle bundle) {
        PublishedSignedPreKey signed = bundle.signedPreKey();
        List<Node> children = new ArrayList<>(5);
        children.add(Node.builder("registration").bytes(BigEndian.bytes(bundle.registrationId(), 4)).build());
        children.add(Node.builder("type").bytes(new byte[] {XEdDsa.DJB_TYPE}).build());
        children.add(Node.builder("identity").bytes(bundle.identityKey()).build());
        children.add(Node.builder("skey").children(
                Node.builder("id").bytes(BigEndian.bytes(signed.id(), 3)).build(),
                Node.builder("value").bytes(signed.publicKey()).build(),
                Node.builder("signature").bytes(signed.signature()).build()).build());
        PublishedPreKey oneTime = bundle.oneTimePreKey();
        if (oneTime != null) {
            children.add(Node.builder("key").children(
                    Node.builder("id").bytes(BigEndian.bytes(oneTime.id(), 3)).build(),
                    Node.builder("value").bytes(oneTime.publicKey()).build()).build());
        }
        return Node.builder("user").attr("jid", device).children(children).build();
    }

}
