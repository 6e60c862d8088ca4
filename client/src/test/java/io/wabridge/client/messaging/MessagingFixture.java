package io.wabridge.client.messaging;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.SignalCipherException;
import io.wabridge.client.signal.SignalParty;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.LoopbackServer;
import io.wabridge.client.testing.MessagingServer;
import io.wabridge.client.testing.TestPhone;
import io.wabridge.proto.wa.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A logged-in client (device 7 of 15550001111) and the parties around it with real Signal keys: Bob's phone
 * (device 0) and companion (device 3), and our own phone (device 0). The server answers usync with Bob's devices
 * 0, 3 (key-index 1) and 5 (no key-index: must be skipped) and ours 0 and 7, and hands out the parties' bundles.
 */
final class MessagingFixture {
    static final Jid CLIENT = Jid.parse(TestPhone.ME);
    static final Jid ME = CLIENT.toNonAd();
    static final Jid BOB = Jid.pn("15550002222");

    final ClientHarness h;
    final MessagingServer server;
    final MemoryStoreProvider peers = new MemoryStoreProvider();
    final SignalParty bob0;
    final SignalParty bob3;
    final SignalParty ownPhone;
    final Map<Jid, SignalParty> parties = new HashMap<>();
    private final Random random = new Random(7);
    private int ids;

    MessagingFixture() {
        this(new ClientHarness());
    }

    MessagingFixture(ClientHarness harness) {
        h = harness;
        server = new MessagingServer(h);
        bob0 = party("bob0", BOB.withDevice(0));
        bob3 = party("bob3", BOB.withDevice(3));
        ownPhone = party("me0", ME.withDevice(0));
        server.devices.put(BOB, List.of(MessagingServer.device(0), MessagingServer.device(3, 1), MessagingServer.device(5)));
        server.devices.put(ME, List.of(MessagingServer.device(0), MessagingServer.device(7, 2)));
    }

    SignalParty party(String name, Jid jid) {
        SignalParty p = SignalParty.create(peers, name, jid);
        parties.put(jid, p);
        server.bundles.put(jid, p.bundle(1));
        return p;
    }

    MessagingFixture login() {
        h.pairAndLogin();
        if (h.client.state() != io.wabridge.client.WaClient.State.OPEN) {
            throw new AssertionError("client not open: " + h.events);
        }
        return this;
    }

    LoopbackServer.Connection connection() {
        return h.server.last();
    }

    List<Node> sent(String tag) {
        return connection().received(tag);
    }

    /** What a party reads from its {@code <enc>} in a fan-out stanza. */
    Message decryptFor(SignalParty party, Node stanza) throws Exception {
        for (Node to : stanza.child("participants").children("to")) {
            if (Jid.parse(to.attr("jid")).equals(party.jid)) {
                return decrypt(party, to.child("enc"));
            }
        }
        throw new AssertionError(party.jid + " not among the participants of " + stanza);
    }

    static Message decrypt(SignalParty party, Node enc) throws Exception {
        byte[] padded = party.cipher.decrypt(CLIENT, CiphertextType.fromWire(enc.attr("type")), enc.bytes());
        return MessagePlaintext.decode(padded);
    }

    /** The party starts a session with the client from the client's uploaded keys (one-time prekey n). */
    void startSession(SignalParty party, int preKeyIndex) throws SignalCipherException {
        party.cipher.processBundle(CLIENT, MessagingServer.uploadedBundle(h.uploads.getFirst(), 7, preKeyIndex));
    }

    EncryptedMessage encrypt(SignalParty from, Message message) throws SignalCipherException {
        return from.cipher.encrypt(CLIENT, MessagePlaintext.encode(message, random));
    }

    Node incoming(SignalParty from, String id, EncryptedMessage encrypted) {
        return incoming(from.jid, id, encrypted.type().wireName(), encrypted.ciphertext());
    }

    Node incoming(Jid from, String id, String encType, byte[] ciphertext) {
        return Node.builder("message").attr("from", from).attr("id", id).attr("t", "1767225800")
                .attr("type", "text").attr("notify", "Bob")
                .children(Node.builder("enc").attr("v", "2").attr("type", encType).bytes(ciphertext).build()).build();
    }

    /** Encrypts a text from the party and delivers it to the client; returns the stanza id. */
    String deliverText(SignalParty from, String text) throws SignalCipherException {
        String id = "IN" + (++ids);
        connection().send(incoming(from, id, encrypt(from, Message.newBuilder().setConversation(text).build())));
        return id;
    }

    <T extends ClientEvent> List<T> events(Class<T> type) {
        return h.events(type);
    }

    /** Index of the first client stanza matching, in everything the client sent on the connection; -1 if none. */
    int indexOf(String tag, String id, String classOrType) {
        List<Node> all = connection().received();
        for (int i = 0; i < all.size(); i++) {
            Node n = all.get(i);
            if (n.is(tag) && id.equals(n.attr("id"))
                    && (classOrType == null || classOrType.equals(n.attr("class")) || classOrType.equals(n.attr("type")))) {
                return i;
            }
        }
        return -1;
    }
}
