package io.wabridge.client.store.encryption;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.ContactStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.PreKeyStore;
import io.wabridge.client.store.PrivacyTokenStore;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalSessionStore;
import io.wabridge.client.store.SignedPreKeyStore;
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.store.ThreadStore;
import io.wabridge.client.store.Versioned;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One session's stores with its secrets and its message content sealed; the other domains are the decorated ones as
 * they are.
 */
final class EncryptedAccountStore implements AccountStore {

    private final AccountStore base;
    private final EncryptedStoreProvider provider;
    private final SealedCredentialsStore credentials;
    private final SignalSessionStore signalSessions;
    private final PreKeyStore preKeys;
    private final SignedPreKeyStore signedPreKeys;
    private final SenderKeyStore senderKeys;
    private final AppStateKeyStore appStateKeys;
    private final MessageStore messages;

    EncryptedAccountStore(AccountStore base, EncryptedStoreProvider provider) {
        this.base = base;
        this.provider = provider;
        this.credentials = new SealedCredentialsStore(base.credentials(), this);
        this.signalSessions = new SealedStores.Sessions(base.signalSessions(), this);
        this.preKeys = new SealedStores.PreKeys(base.preKeys(), this);
        this.signedPreKeys = new SealedStores.SignedPreKeys(base.signedPreKeys(), this);
        this.senderKeys = new SealedStores.SenderKeys(base.senderKeys(), this);
        this.appStateKeys = new SealedStores.AppStateKeys(base.appStateKeys(), this);
        this.messages = new SealedStores.Messages(base.messages(), this);
    }

    // ---- sealing, for the sealed stores ----

    EncryptedStoreProvider provider() {
        return provider;
    }

    byte[] seal(String kind, String slot, byte[] plain) {
        byte[] sealed = RecordSeal.seal(dataKey(), base.sessionId(), kind, slot, plain);
        provider.counters().sealed.increment();
        return sealed;
    }

    byte[] open(String kind, String slot, byte[] stored) {
        if (!RecordSeal.isSealed(stored)) {
            return plaintext(kind + " " + slot, stored);
        }
        DataKey key = dataKey();
        int keyId = RecordSeal.keyId(stored);
        if (keyId != key.id()) {
            throw failure("the " + kind + " record " + slot + " of session " + base.sessionId() + " is sealed under data key "
                    + hex(keyId) + " but the session's key is " + hex(key.id())
                    + ": it was copied from another session, or written for credentials that were replaced since");
        }
        byte[] plain = RecordSeal.open(key, base.sessionId(), kind, slot, stored);
        if (plain == null) {
            throw failure("the " + kind + " record " + slot + " of session " + base.sessionId()
                    + " does not decrypt: it was copied from another record or altered");
        }
        provider.counters().opened.increment();
        return plain;
    }

    /** A record found in plaintext: returned under {@link PlaintextPolicy#MIGRATE}, refused otherwise. */
    <T> T plaintext(String what, T stored) {
        if (provider.plaintext() == PlaintextPolicy.REFUSE) {
            throw failure("the " + what + " of session " + base.sessionId() + " is stored in plaintext (written before "
                    + "encryption at rest was enabled) and plaintext records are refused (set the plaintext policy to "
                    + "migrate to read and re-seal them)");
        }
        provider.counters().plaintextReads.increment();
        return stored;
    }

    StoreEncryptionException failure(String message) {
        provider.counters().failures.increment();
        return new StoreEncryptionException(message);
    }

    static String hex(int id) {
        return String.format("%08x", id);
    }

    /**
     * The session's data key: the remembered one, else the one the stored credentials wrap, else (nothing sealed
     * yet) a new one, stored with the next credentials save.
     */
    DataKey dataKey() {
        DataKey key = provider.cached(base.sessionId());
        if (key != null) {
            return key;
        }
        Optional<Versioned<Credentials>> stored = base.credentials().load();
        if (stored.isPresent()) {
            CredentialsSeal.Envelope envelope = CredentialsSeal.envelope(stored.get().value(), base.sessionId());
            if (envelope != null) {
                return provider.remember(base.sessionId(), credentials.unwrap(envelope), base.epoch());
            }
        }
        return provider.rememberNew(base.sessionId(), DataKey.generate(), base.epoch());
    }

    // ---- AccountStore ----

    @Override
    public String sessionId() {
        return base.sessionId();
    }

    @Override
    public long epoch() {
        return base.epoch();
    }

    @Override
    public void onFenced(Consumer<? super StoreFencedException> listener) {
        base.onFenced(listener);
    }

    @Override
    public void claim() {
        base.claim();
    }

    @Override
    public CredentialsStore credentials() {
        return credentials;
    }

    @Override
    public SignalSessionStore signalSessions() {
        return signalSessions;
    }

    @Override
    public IdentityStore identities() {
        return base.identities();
    }

    @Override
    public PreKeyStore preKeys() {
        return preKeys;
    }

    @Override
    public SignedPreKeyStore signedPreKeys() {
        return signedPreKeys;
    }

    @Override
    public SenderKeyStore senderKeys() {
        return senderKeys;
    }

    @Override
    public AppStateKeyStore appStateKeys() {
        return appStateKeys;
    }

    @Override
    public AppStateVersionStore appStateVersions() {
        return base.appStateVersions();
    }

    @Override
    public PrivacyTokenStore privacyTokens() {
        return base.privacyTokens();
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public ThreadStore threads() {
        return base.threads();
    }

    @Override
    public ContactStore contacts() {
        return base.contacts();
    }

    @Override
    public LidMappingStore lidMappings() {
        return base.lidMappings();
    }

    @Override
    public void wipe() {
        try {
            base.wipe();
        } finally {
            provider.forget(base.sessionId());
        }
    }
}
