package io.wabridge.simulator.testing;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.DeviceKeyBundle;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.SignalCipher;
import io.wabridge.client.signal.store.IdentityChangeListener;
import io.wabridge.client.signal.store.PreKeyRecords;
import io.wabridge.client.signal.store.SignalStores;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.proto.wa.Message;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PublishedPreKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A linked companion that speaks Signal with the client library's cipher over a memory store, driven by hand over a
 * {@link RawClient}: the test builds each stanza, so it sees exactly what the server answers. Used from the test
 * thread only.
 */
public final class SignalCompanion {
    private static final SecureRandom RANDOM = new SecureRandom();

    public final LinkedCompanion linked;
    private final SignalCipher cipher;
    private final SignalStores stores;
    private final AccountStore store;
    public RawClient client;

    private SignalCompanion(LinkedCompanion linked, AccountStore store, SignalStores stores) {
        this.linked = linked;
        this.store = store;
        this.stores = stores;
        this.cipher = new SignalCipher(stores);
    }

    /** Links a companion to {@code account} and publishes {@code preKeys} one-time prekeys for it. */
    public static SignalCompanion link(PhoneAccount account, int preKeys) {
        LinkedCompanion linked = LinkedCompanion.link(account);
        TestCompanion keys = linked.keys();
        KeyPair identity = new KeyPair(keys.identityKey.publicKey(), keys.identityKey.privateKey());
        Credentials credentials = Credentials.builder()
                .noiseKey(new KeyPair(keys.noiseKey.publicKey(), keys.noiseKey.privateKey()))
                .identityKey(identity)
                .registrationId(keys.registrationId)
                .signedPreKey(new SignedPreKey(keys.signedPreKeyId,
                        new KeyPair(keys.signedPreKeyPair.publicKey(), keys.signedPreKeyPair.privateKey()),
                        keys.signedPreKeySignature))
                .advSecret(keys.advSecret)
                .build();
        AccountStore store = new MemoryStoreProvider().open("companion-" + linked.device().jid());
        Map<Integer, byte[]> records = PreKeyRecords.generate(1, preKeys);
        store.preKeys().storeAll(records);
        List<PublishedPreKey> published = new ArrayList<>();
        records.forEach((id, record) -> published.add(new PublishedPreKey(id, PreKeyRecords.keyPair(record).publicKey())));
        account.storePreKeys(linked.device().id(), keys.registrationId, keys.identityKey.publicKey(), keys.signedPreKey(),
                published);
        return new SignalCompanion(linked, store, SignalStores.open(store, credentials, IdentityChangeListener.NONE));
    }

    /**
     * The {@code <keys>} a retry receipt carries from the second request on: type, identity, one of this device's
     * one-time prekeys ({@code preKeyId}, still unused) and its signed prekey.
     */
    public Node retryKeys(int preKeyId) {
        TestCompanion keys = linked.keys();
        byte[] preKey = PreKeyRecords.keyPair(store.preKeys().load(preKeyId).orElseThrow()).publicKey();
        return Node.builder("keys").children(
                Node.builder("type").bytes(new byte[] {5}).build(),
                Node.builder("identity").bytes(keys.identityKey.publicKey()).build(),
                Node.builder("key").children(
                        Node.builder("id").bytes(TestCompanion.bigEndian(preKeyId, 3)).build(),
                        Node.builder("value").bytes(preKey).build()).build(),
                Node.builder("skey").children(
                        Node.builder("id").bytes(TestCompanion.bigEndian(keys.signedPreKeyId, 3)).build(),
                        Node.builder("value").bytes(keys.signedPreKeyPair.publicKey()).build(),
                        Node.builder("signature").bytes(keys.signedPreKeySignature).build()).build()).build();
    }

    public int registrationId() {
        return linked.keys().registrationId;
    }

    public Jid jid() {
        return linked.device().jid();
    }

    /** Logs in (active, so the offline backlog comes right after {@code <success>}). */
    public RawClient login(WaSimulator simulator) throws Exception {
        client = linked.login(simulator, false, 3);
        return client;
    }

    /** Logs in passive: nothing is delivered before {@code <active/>}. */
    public RawClient loginPassive(WaSimulator simulator) throws Exception {
        client = linked.login(simulator, true, 3);
        return client;
    }

    public boolean hasSession(Jid device) {
        return cipher.hasSession(device);
    }

    /** Fetches bundles over the socket for the devices without a session, and starts those sessions. */
    public void ensureSessions(List<Jid> devices) throws Exception {
        List<Node> users = new ArrayList<>();
        for (Jid device : devices) {
            if (!cipher.hasSession(device)) {
                users.add(Node.builder("user").attr("jid", device).build());
            }
        }
        if (users.isEmpty()) {
            return;
        }
        Node result = client.call(Node.builder("iq").attr("id", "keys-" + RANDOM.nextInt()).attr("xmlns", "encrypt")
                .attr("type", "get").attr("to", Jid.SERVER)
                .children(Node.builder("key").children(users).build()).build());
        for (Node user : result.child("list").children("user")) {
            cipher.processBundle(user.requireJidAttr("jid"), bundle(user));
        }
        stores.flush();
    }

    /** A bundle node of a {@code <key>} fetch as the client library's record. */
    public static DeviceKeyBundle bundle(Node user) {
        Node skey = user.child("skey");
        Node key = user.child("key");
        return new DeviceKeyBundle((int) number(user.child("registration").bytes()), user.requireJidAttr("jid").device(),
                key == null ? DeviceKeyBundle.NO_PRE_KEY : (int) number(key.child("id").bytes()),
                key == null ? null : key.child("value").bytes(),
                (int) number(skey.child("id").bytes()), skey.child("value").bytes(), skey.child("signature").bytes(),
                user.child("identity").bytes());
    }

    /** {@code <to jid=DEVICE><enc v=2 type=..>CIPHERTEXT</enc></to>} for one device (session must exist). */
    public Node participant(Jid device, Message message) throws Exception {
        return Node.builder("to").attr("jid", device).children(enc(device, message)).build();
    }

    public Node enc(Jid device, Message message) throws Exception {
        EncryptedMessage encrypted = cipher.encrypt(device, MessagePlaintext.encode(message, RANDOM));
        stores.flush();
        return Node.builder("enc").attr("v", "2").attr("type", encrypted.type().wireName())
                .bytes(encrypted.ciphertext()).build();
    }

    /** A text message to {@code chat}, encrypted for {@code peers} and, as a deviceSentMessage, for {@code own}. */
    public Node textMessage(String id, Jid chat, String text, List<Jid> peers, List<Jid> own) throws Exception {
        List<Jid> all = new ArrayList<>(peers);
        all.addAll(own);
        ensureSessions(all);
        Message message = Message.newBuilder().setConversation(text).build();
        List<Node> participants = new ArrayList<>();
        for (Jid device : peers) {
            participants.add(participant(device, message));
        }
        Message copy = MessageContentCodec.wrapForOwnDevices(message, chat.toString());
        for (Jid device : own) {
            participants.add(participant(device, copy));
        }
        return Node.builder("message").attr("id", id).attr("to", chat).attr("type", "text")
                .children(Node.builder("participants").children(participants).build())
                .build();
    }

    /** Decrypts a delivered {@code <message>}; the sender is its {@code from}. */
    public Message decrypt(Node message) throws Exception {
        Node enc = message.child("enc");
        byte[] padded = cipher.decrypt(message.requireJidAttr("from"), CiphertextType.fromWire(enc.attr("type")),
                enc.bytes());
        stores.flush();
        return MessagePlaintext.decode(padded);
    }

    /** The text of a delivered text message. */
    public String decryptText(Node message) throws Exception {
        return ((Text) MessageContentCodec.decode(decrypt(message))).text();
    }

    /** {@code <ack class="message" id to=FROM/>} for a delivered message. */
    public static Node ackOf(Node delivered) {
        var ack = Node.builder("ack").attr("class", delivered.tag()).attr("id", delivered.requireAttr("id"))
                .attr("to", delivered.requireAttr("from"));
        if (!delivered.is("message") && delivered.attr("type") != null) {
            ack.attr("type", delivered.attr("type"));
        }
        return ack.build();
    }

    /** {@code <receipt id to=FROM [type]/>} for a delivered message. */
    public static Node receiptOf(Node delivered, String type) {
        var receipt = Node.builder("receipt").attr("id", delivered.requireAttr("id")).attr("to", delivered.requireAttr("from"));
        if (type != null) {
            receipt.attr("type", type);
        }
        return receipt.build();
    }

    private static long number(byte[] bigEndian) {
        long value = 0;
        for (byte b : bigEndian) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}
