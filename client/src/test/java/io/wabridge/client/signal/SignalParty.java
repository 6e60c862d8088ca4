package io.wabridge.client.signal;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.store.IdentityPolicy;
import io.wabridge.client.signal.store.PreKeyRecords;
import io.wabridge.client.signal.store.SignalStores;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.StoreProvider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;

/**
 * One test participant: a device JID, its own account store (from a shared provider), credentials with fresh keys,
 * five one-time prekeys, and the signal stores + cipher over them. {@link #restart()} replaces the adapters as a
 * process restart would (pending writes are lost, the store stays).
 */
public final class SignalParty {

    public record IdentityEvent(SignalAddress address, byte[] previous, byte[] current) {
    }

    public static final int PRE_KEYS = 5;

    public final Jid jid;
    public final AccountStore account;
    public Credentials credentials;
    public final List<IdentityEvent> identityChanges = new ArrayList<>();
    private final IdentityPolicy policy;
    public SignalStores stores;
    public SignalCipher cipher;

    private SignalParty(Jid jid, AccountStore account, Credentials credentials, IdentityPolicy policy) {
        this.jid = jid;
        this.account = account;
        this.credentials = credentials;
        this.policy = policy;
        restart();
    }

    public static SignalParty create(StoreProvider provider, String sessionId, Jid jid) {
        return create(provider, sessionId, jid, IdentityPolicy.ACCEPT_CHANGES);
    }

    public static SignalParty create(StoreProvider provider, String sessionId, Jid jid, IdentityPolicy policy) {
        return create(provider.open(sessionId), jid, policy);
    }

    public static SignalParty create(AccountStore account, Jid jid, IdentityPolicy policy) {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        ECKeyPair signed = Curve.generateKeyPair();
        byte[] signature = identity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize());
        byte[] advSecret = new byte[32];
        new SecureRandom().nextBytes(advSecret);
        Credentials credentials = Credentials.builder()
                .noiseKey(SignalKeys.toKeyPair(Curve.generateKeyPair()))
                .identityKey(new KeyPair(SignalKeys.raw(identity.getPublicKey()), identity.getPrivateKey().serialize()))
                .registrationId(1 + new SecureRandom().nextInt(Credentials.MAX_REGISTRATION_ID))
                .signedPreKey(new SignedPreKey(7, SignalKeys.toKeyPair(signed), signature))
                .advSecret(advSecret)
                .build();
        account.preKeys().storeAll(PreKeyRecords.generate(1, PRE_KEYS));
        return new SignalParty(jid, account, credentials, policy);
    }

    /** New adapters over the same store, as after a process restart. */
    public void restart() {
        stores = SignalStores.open(account, credentials, policy,
                (address, previous, current) -> identityChanges.add(new IdentityEvent(address, previous, current)));
        cipher = new SignalCipher(stores);
    }

    /** This device's bundle as the server would hand it out (raw 32-byte keys), with one-time prekey {@code id}. */
    public DeviceKeyBundle bundle(int preKeyId) {
        SignedPreKey signed = credentials.signedPreKey();
        byte[] preKey = null;
        if (preKeyId != DeviceKeyBundle.NO_PRE_KEY) {
            Map<Integer, byte[]> records = account.preKeys().loadAll(List.of(preKeyId));
            preKey = PreKeyRecords.keyPair(records.get(preKeyId)).publicKey();
        }
        return new DeviceKeyBundle(credentials.registrationId(), jid.device(), preKeyId, preKey, signed.id(),
                signed.keyPair().publicKey(), signed.signature(), credentials.identityKey().publicKey());
    }

    public SignalAddress address() {
        return SignalAddresses.of(jid);
    }

    public SignalAddress addressFor(Jid device) {
        return SignalAddresses.of(device);
    }

    /**
     * Rotates the signed prekey as the login flow would: the old one moves to the signed prekey store (sessions
     * peers started against it keep working), the credentials carry the new one. Restarts the adapters.
     */
    public void rotateSignedPreKey() {
        SignedPreKey old = credentials.signedPreKey();
        account.signedPreKeys().store(old.id(), PreKeyRecords.signedPreKeyRecordBytes(old, 0L));
        IdentityKeyPair identity = SignalKeys.identityKeyPair(credentials.identityKey());
        ECKeyPair signed = Curve.generateKeyPair();
        byte[] signature = identity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize());
        credentials = credentials.toBuilder()
                .signedPreKey(new SignedPreKey(old.id() + 1, SignalKeys.toKeyPair(signed), signature)).build();
        restart();
    }
}
