package io.wabridge.client.send;

import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.binary.Node;
import io.wabridge.client.signal.DeviceKeyBundle;

/**
 * Reads prekey bundles in WhatsApp's node form: {@code <registration>4B</registration>}, then (directly or inside
 * {@code <keys>}) {@code <identity>32B</identity><skey><id>3B</id><value>32B</value><signature>64B</signature>
 * </skey>[<key><id>3B</id><value>32B</value></key>]}. An {@code <error>} child means the server has no bundle.
 */
public final class KeyBundleNodes {

    private KeyBundleNodes() {
    }

    /**
     * The bundle in a {@code <user>} entry of a key response, or in a retry receipt (registration on the receipt,
     * keys in its {@code <keys>}).
     *
     * @throws MalformedKeyBundleException if the server sent an error for the device or a field is missing or has
     *                                     the wrong length
     */
    public static DeviceKeyBundle parse(Node holder, int deviceId) throws MalformedKeyBundleException {
        Node error = holder.child("error");
        if (error != null) {
            throw new MalformedKeyBundleException("server has no keys: " + error.attrs());
        }
        Node keys = holder.child("keys") != null ? holder.child("keys") : holder;
        int registrationId = (int) BigEndian.unsigned(bytes(holder, "registration", 4));
        byte[] identity = bytes(keys, "identity", 32);
        Node skey = keys.child("skey");
        if (skey == null) {
            throw new MalformedKeyBundleException("no <skey>");
        }
        int signedId = (int) BigEndian.unsigned(bytes(skey, "id", 3));
        byte[] signedValue = bytes(skey, "value", 32);
        byte[] signature = bytes(skey, "signature", 64);
        Node key = keys.child("key");
        int preKeyId = DeviceKeyBundle.NO_PRE_KEY;
        byte[] preKey = null;
        if (key != null) {
            preKeyId = (int) BigEndian.unsigned(bytes(key, "id", 3));
            preKey = bytes(key, "value", 32);
        }
        if (registrationId < 0) {
            throw new MalformedKeyBundleException("registration id out of range");
        }
        return new DeviceKeyBundle(registrationId, deviceId, preKeyId, preKey, signedId, signedValue, signature,
                identity);
    }

    private static byte[] bytes(Node parent, String tag, int length) throws MalformedKeyBundleException {
        Node child = parent.child(tag);
        byte[] value = child == null ? null : child.bytes();
        if (value == null) {
            throw new MalformedKeyBundleException("no <" + tag + "> in <" + parent.tag() + ">");
        }
        if (value.length != length) {
            throw new MalformedKeyBundleException("<" + tag + "> has " + value.length + " bytes, " + length + " expected");
        }
        return value;
    }

}
