package io.wabridge.simulator.login;

import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.simulator.account.KeyUploadRejectedException;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PublishedPreKey;
import io.wabridge.simulator.account.PublishedSignedPreKey;
import io.wabridge.simulator.messaging.MessagingService;
import io.wabridge.simulator.messaging.PreKeyFetchResponder;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code xmlns="encrypt"} iqs of a logged-in device about its own keys: how many one-time prekeys the server
 * holds ({@code <count/>}), uploads ({@code <registration/><type/><identity/><list/><skey/>}), signed prekey
 * rotation ({@code <rotate><skey/>}) and the key digest ({@code <digest/>}, 404 before any upload). Malformed
 * uploads get 400, uploads for another identity 409. Fetches of other devices' bundles ({@code <key>}) share the
 * namespace and go to {@link PreKeyFetchResponder}.
 */
final class PreKeyHandlers {
    /** Upper bound of one upload (clients send 812 at most). */
    static final int MAX_KEYS_PER_UPLOAD = 2000;

    private final ServerSession session;
    private final PhoneAccount account;
    private final int deviceId;
    private final MessagingService messaging;

    private PreKeyHandlers(ServerSession session, PhoneAccount account, int deviceId, MessagingService messaging) {
        this.session = session;
        this.account = account;
        this.deviceId = deviceId;
        this.messaging = messaging;
    }

    static void install(ServerSession session, PhoneAccount account, int deviceId, MessagingService messaging) {
        PreKeyHandlers handlers = new PreKeyHandlers(session, account, deviceId, messaging);
        session.router().on(StanzaMatcher.iq("get", "encrypt"), handlers::get);
        session.router().on(StanzaMatcher.iq("set", "encrypt"), handlers::set);
    }

    private void get(Node iq) {
        if (iq.child("count") != null) {
            session.send(ServerStanzas.iqResult(iq,
                    Node.builder("count").attr("value", account.preKeyCount(deviceId)).build()));
        } else if (iq.child("digest") != null) {
            session.send(digest(iq));
        } else if (iq.child("key") != null && account.interop().preKeyFetchErrorCode() != null) {
            session.send(ServerStanzas.iqError(iq, account.interop().preKeyFetchErrorCode(), "interop-switch"));
        } else if (iq.child("key") != null) {
            session.send(PreKeyFetchResponder.answer(iq, messaging.accounts(), messaging, account));
        } else {
            session.send(ServerStanzas.iqError(iq, 501, "feature-not-implemented"));
        }
    }

    private void set(Node iq) {
        try {
            if (iq.child("rotate") != null) {
                account.rotateSignedPreKey(deviceId, signedPreKey(required(iq.child("rotate"), "skey")));
            } else if (iq.child("registration") != null) {
                upload(iq);
            } else {
                session.send(ServerStanzas.iqError(iq, 501, "feature-not-implemented"));
                return;
            }
            session.send(ServerStanzas.iqResult(iq));
        } catch (MalformedKeysException e) {
            session.send(ServerStanzas.iqError(iq, 400, "bad-request"));
        } catch (KeyUploadRejectedException e) {
            session.send(ServerStanzas.iqError(iq, 409, "conflict"));
        }
    }

    private void upload(Node iq) {
        int registrationId = (int) BigEndian.unsigned(bytes(required(iq, "registration"), 4, "registration"));
        byte[] type = bytes(required(iq, "type"), 1, "type");
        if (type[0] != XEdDsa.DJB_TYPE) {
            throw new MalformedKeysException("key type must be 5");
        }
        byte[] identity = bytes(required(iq, "identity"), 32, "identity");
        PublishedSignedPreKey signed = signedPreKey(required(iq, "skey"));
        if (!XEdDsa.verify(identity, XEdDsa.withTypePrefix(signed.publicKey()), signed.signature())) {
            throw new MalformedKeysException("signed prekey signature does not verify");
        }
        List<Node> keys = required(iq, "list").children("key");
        if (keys.size() > MAX_KEYS_PER_UPLOAD) {
            throw new MalformedKeysException("more than " + MAX_KEYS_PER_UPLOAD + " prekeys in one upload");
        }
        List<PublishedPreKey> preKeys = new ArrayList<>(keys.size());
        for (Node key : keys) {
            preKeys.add(new PublishedPreKey((int) BigEndian.unsigned(bytes(required(key, "id"), 3, "key id")),
                    bytes(required(key, "value"), 32, "key value")));
        }
        account.storePreKeys(deviceId, registrationId, identity, signed, preKeys);
    }

    private Node digest(Node iq) {
        PhoneAccount.KeySnapshot keys = account.keySnapshot(deviceId);
        if (keys.preKeys().isEmpty()) {
            return ServerStanzas.iqError(iq, 404, "item-not-found");
        }
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
        PublishedSignedPreKey signed = keys.signedPreKey();
        sha1.update(keys.identityKey());
        sha1.update(signed.publicKey());
        sha1.update(signed.signature());
        List<Node> ids = new ArrayList<>(keys.preKeys().size());
        for (PublishedPreKey key : keys.preKeys()) {
            ids.add(Node.builder("id").bytes(BigEndian.bytes(key.id(), 3)).build());
            sha1.update(key.publicKey());
        }
        return ServerStanzas.iqResult(iq, Node.builder("digest").children(
                Node.builder("registration").bytes(BigEndian.bytes(keys.registrationId(), 4)).build(),
                Node.builder("type").bytes(new byte[] {XEdDsa.DJB_TYPE}).build(),
                Node.builder("identity").bytes(keys.identityKey()).build(),
                Node.builder("skey").children(
                        Node.builder("id").bytes(BigEndian.bytes(signed.id(), 3)).build(),
                        Node.builder("value").bytes(signed.publicKey()).build(),
                        Node.builder("signature").bytes(signed.signature()).build()).build(),
                Node.builder("list").children(ids).build(),
                Node.builder("hash").bytes(sha1.digest()).build()).build());
    }

    private static PublishedSignedPreKey signedPreKey(Node skey) {
        return new PublishedSignedPreKey((int) BigEndian.unsigned(bytes(required(skey, "id"), 3, "skey id")),
                bytes(required(skey, "value"), 32, "skey value"), bytes(required(skey, "signature"), 64, "skey signature"));
    }

    private static Node required(Node parent, String tag) {
        Node child = parent.child(tag);
        if (child == null) {
            throw new MalformedKeysException("<" + parent.tag() + "> lacks <" + tag + ">");
        }
        return child;
    }

    private static byte[] bytes(Node node, int length, String what) {
        byte[] bytes = node.bytes();
        if (bytes == null || bytes.length != length) {
            throw new MalformedKeysException(what + " must be " + length + " bytes");
        }
        return bytes;
    }



    /** An upload that does not have the shape of one. */
    private static final class MalformedKeysException extends RuntimeException {
        MalformedKeysException(String message) {
            super(message);
        }
    }
}
