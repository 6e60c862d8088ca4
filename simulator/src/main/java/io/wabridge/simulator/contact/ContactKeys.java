package io.wabridge.simulator.contact;

import io.wabridge.client.auth.CredentialsFactory;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.signal.DeviceKeyBundle;
import io.wabridge.client.signal.SignalCipher;
import io.wabridge.client.signal.group.GroupCipher;
import io.wabridge.client.signal.store.IdentityChangeListener;
import io.wabridge.client.signal.store.PreKeyRecords;
import io.wabridge.client.signal.store.SignalStores;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PreKeyBundle;
import io.wabridge.simulator.account.PublishedPreKey;
import io.wabridge.simulator.account.PublishedSignedPreKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Signal side of a simulated phone (device 0): its identity is the account key (as on a real primary, whose
 * identity key is the one that signs companions), a registration id, a signed prekey and one-time prekeys whose
 * private halves live in an in-memory store and whose public halves are published to the server. The client
 * library's {@link SignalCipher} runs on top. Confined to the contact's executor.
 */
final class ContactKeys {
    /** One-time prekeys generated per batch, and the count below which the phone publishes another batch. */
    static final int PRE_KEY_BATCH = 30;
    static final int REFILL_BELOW = PhoneAccount.LOW_PREKEY_THRESHOLD;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PhoneAccount account;
    private final Credentials credentials;
    private final AccountStore store;
    private final SignalStores stores;
    private final SignalCipher cipher;
    private final GroupCipher groupCipher;
    private int nextPreKeyId = 1;

    ContactKeys(PhoneAccount account) {
        this.account = account;
        KeyPair identity = new KeyPair(account.accountPublicKey(), account.accountKeyPair().privateKey());
        byte[] advSecret = new byte[Credentials.ADV_SECRET_LENGTH];
        RANDOM.nextBytes(advSecret);
        this.credentials = Credentials.builder()
                .noiseKey(CredentialsFactory.keyPair(X25519.generateKeyPair()))
                .identityKey(identity)
                .registrationId(1 + RANDOM.nextInt(Credentials.MAX_REGISTRATION_ID))
                .signedPreKey(CredentialsFactory.signedPreKey(identity, CredentialsFactory.FIRST_SIGNED_PRE_KEY_ID))
                .advSecret(advSecret)
                .me(account.jid().toString())
                .build();
        this.store = new MemoryStoreProvider().open("simulated-phone-" + account.phoneNumber());
        this.stores = SignalStores.open(store, credentials, IdentityChangeListener.NONE);
        this.cipher = new SignalCipher(stores);
        this.groupCipher = new GroupCipher(stores.senderKeys());
    }

    /** Publishes the registration id, signed prekey and a first batch of one-time prekeys to the server. */
    void publish() {
        account.publishPrimaryKeys(credentials.registrationId(), publishedSignedPreKey(), generatePreKeys());
    }

    /** Publishes another batch when the server holds fewer than {@link #REFILL_BELOW}; returns whether it did. */
    boolean refillIfLow() {
        if (account.preKeyCount(0) >= REFILL_BELOW) {
            return false;
        }
        account.storePreKeys(0, credentials.registrationId(), account.accountPublicKey(), publishedSignedPreKey(),
                generatePreKeys());
        return true;
    }

    /** One fresh one-time prekey kept in the store but not published (retry receipts carry one). */
    PublishedPreKey privatePreKey() {
        return generate(1).getFirst();
    }

    private List<PublishedPreKey> generatePreKeys() {
        return generate(PRE_KEY_BATCH);
    }

    private List<PublishedPreKey> generate(int count) {
        Map<Integer, byte[]> records = PreKeyRecords.generate(nextPreKeyId, count);
        nextPreKeyId += count;
        store.preKeys().storeAll(records);
        List<PublishedPreKey> keys = new ArrayList<>(count);
        records.forEach((id, record) -> keys.add(new PublishedPreKey(id, PreKeyRecords.keyPair(record).publicKey())));
        return keys;
    }

    PublishedSignedPreKey publishedSignedPreKey() {
        SignedPreKey signed = credentials.signedPreKey();
        return new PublishedSignedPreKey(signed.id(), signed.keyPair().publicKey(), signed.signature());
    }

    int registrationId() {
        return credentials.registrationId();
    }

    byte[] identityKey() {
        return account.accountPublicKey();
    }

    SignalCipher cipher() {
        return cipher;
    }

    /** The group cipher over the same (write-behind) stores; {@link #flush()} makes its keys durable too. */
    GroupCipher groupCipher() {
        return groupCipher;
    }

    /** The id of the current sender key held for {@code sender}, or -1 when none is held. */
    int senderKeyId(io.wabridge.client.store.SenderKeyName sender) {
        return stores.senderKeys().load(sender)
                .map(record -> io.wabridge.client.signal.group.SenderKeyRecord.parse(record).current().keyId())
                .orElse(-1);
    }

    /** Makes what the cipher changed durable in the (memory) store; called after every operation. */
    void flush() {
        stores.flush();
    }

    /** The client library's form of a bundle the server handed out. */
    static DeviceKeyBundle toDeviceBundle(PreKeyBundle bundle) {
        PublishedSignedPreKey signed = bundle.signedPreKey();
        PublishedPreKey oneTime = bundle.oneTimePreKey();
        return new DeviceKeyBundle(bundle.registrationId(), bundle.deviceId(),
                oneTime == null ? DeviceKeyBundle.NO_PRE_KEY : oneTime.id(),
                oneTime == null ? null : oneTime.publicKey(),
                signed.id(), signed.publicKey(), signed.signature(), bundle.identityKey());
    }
}
