package io.wabridge.client.signal;

import java.util.Objects;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * A device's prekey bundle as the server hands it out ({@code <iq xmlns=encrypt><key>} response): keys raw
 * 32 bytes (33-byte prefixed keys are accepted too), the signature 64 bytes. The one-time prekey is optional: when
 * the device has run out, the server sends none and the session starts from the signed prekey alone.
 *
 * @param registrationId  the device's Signal registration id
 * @param deviceId        the device number (0 = primary)
 * @param preKeyId        the one-time prekey id, or {@link #NO_PRE_KEY}
 * @param preKey          the one-time prekey, null with {@link #NO_PRE_KEY}
 * @param signedPreKeyId  the signed prekey id
 * @param signedPreKey    the signed prekey
 * @param signature       XEdDSA signature of the 33-byte signed prekey by the identity key
 * @param identityKey     the device's identity key
 */
public record DeviceKeyBundle(int registrationId, int deviceId, int preKeyId, byte[] preKey, int signedPreKeyId,
        byte[] signedPreKey, byte[] signature, byte[] identityKey) {

    public static final int NO_PRE_KEY = -1;

    public DeviceKeyBundle {
        Objects.requireNonNull(signedPreKey, "signedPreKey");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(identityKey, "identityKey");
        if ((preKeyId == NO_PRE_KEY) != (preKey == null)) {
            throw new IllegalArgumentException("preKeyId and preKey must be both present or both absent");
        }
        if (preKeyId < NO_PRE_KEY || signedPreKeyId < 0 || deviceId < 0 || registrationId < 0) {
            throw new IllegalArgumentException("negative id in prekey bundle");
        }
    }

    /**
     * libsignal's 8-argument bundle.
     *
     * @throws InvalidSignalKeyException if a key is not a Curve25519 public key
     */
    PreKeyBundle toLibsignal() throws InvalidSignalKeyException {
        try {
            return new PreKeyBundle(registrationId, deviceId, preKeyId,
                    preKey == null ? null : SignalKeys.publicKey(preKey),
                    signedPreKeyId, SignalKeys.publicKey(signedPreKey), signature,
                    SignalKeys.identityKey(identityKey));
        } catch (MalformedKeyException e) {
            throw new InvalidSignalKeyException("malformed key in prekey bundle of device " + deviceId, e);
        }
    }
}
