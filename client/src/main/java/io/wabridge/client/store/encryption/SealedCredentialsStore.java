package io.wabridge.client.store.encryption;

import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.StaleCredentialsException;
import io.wabridge.client.store.Versioned;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials sealed by {@link CredentialsSeal}, their envelope carrying the session's wrapped data key. Loading
 * re-saves (one write, at the loaded version) credentials found in plaintext (under {@link PlaintextPolicy#MIGRATE})
 * or wrapped under a master key other than the current one (rotation); if another writer saved meanwhile, the loaded
 * value is returned as it is and the next save seals it.
 */
final class SealedCredentialsStore implements CredentialsStore {

    private final CredentialsStore base;
    private final EncryptedAccountStore account;

    SealedCredentialsStore(CredentialsStore base, EncryptedAccountStore account) {
        this.base = base;
        this.account = account;
    }

    @Override
    public Optional<Versioned<Credentials>> load() {
        Optional<Versioned<Credentials>> raw = base.load();
        if (raw.isEmpty()) {
            return raw;
        }
        Versioned<Credentials> stored = raw.get();
        String session = account.sessionId();
        CredentialsSeal.Envelope envelope = CredentialsSeal.envelope(stored.value(), session);
        if (envelope == null) {
            account.plaintext("credentials", stored);
            return Optional.of(resave(stored.value(), stored.version()));
        }
        DataKey key = unwrap(envelope);
        Credentials plain = CredentialsSeal.open(stored.value(), envelope, key, session);
        if (plain == null) {
            throw account.failure("the credentials of session " + session
                    + " do not decrypt: they were copied from another session or altered");
        }
        EncryptedStoreProvider provider = account.provider();
        provider.remember(session, key, account.epoch());
        if (!envelope.masterKeyId().equals(provider.keys().current().id())) {
            return Optional.of(resave(plain, stored.version()));
        }
        return Optional.of(new Versioned<>(plain, stored.version()));
    }

    /** Saves {@code plain} sealed over {@code version}, or keeps it as loaded if another writer got there first. */
    private Versioned<Credentials> resave(Credentials plain, long version) {
        try {
            Versioned<Credentials> saved = save(plain, version);
            account.provider().counters().rewrapped.increment();
            return saved;
        } catch (StaleCredentialsException e) {
            return new Versioned<>(plain, version);
        }
    }

    @Override
    public Versioned<Credentials> save(Credentials credentials, long expectedVersion) {
        Objects.requireNonNull(credentials, "credentials");
        DataKey key = account.dataKey();
        MasterKey master = account.provider().keys().current();
        String session = account.sessionId();
        Credentials sealed = CredentialsSeal.seal(credentials, session, key, master, key.wrap(master, session));
        Versioned<Credentials> saved = base.save(sealed, expectedVersion);
        account.provider().remember(session, key, account.epoch());
        account.provider().counters().sealed.increment();
        return new Versioned<>(credentials, saved.version());
    }

    /** The data key {@code envelope} wraps; a clear error if no configured master key opens it. */
    DataKey unwrap(CredentialsSeal.Envelope envelope) {
        String session = account.sessionId();
        KeyProvider keys = account.provider().keys();
        MasterKey master = keys.find(envelope.masterKeyId()).orElseThrow(() -> account.failure("the data key of session "
                + session + " is wrapped under master key '" + envelope.masterKeyId() + "', which is not in the keyring "
                + keys + ": add it back (after the current key) to read this session"));
        DataKey key = DataKey.unwrap(envelope.wrappedDataKey(), envelope.dataKeyId(), master, session);
        if (key == null) {
            throw account.failure("the data key of session " + session + " does not unwrap under master key '"
                    + master.id() + "': the key with that id is not the one it was wrapped with, or the credentials were "
                    + "copied from another session");
        }
        return key;
    }
}
