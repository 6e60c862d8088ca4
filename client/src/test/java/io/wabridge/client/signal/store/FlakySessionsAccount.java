package io.wabridge.client.signal.store;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.ContactStore;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.IdentityChange;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.PreKeyStore;
import io.wabridge.client.store.PrivacyTokenStore;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignalSessionStore;
import io.wabridge.client.store.SignedPreKeyStore;
import io.wabridge.client.store.StoreException;
import io.wabridge.client.store.ThreadStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real account store whose session batch writes fail while {@link #failing} is set, and that counts session
 * batches and session / identity reads.
 */
final class FlakySessionsAccount implements AccountStore {

    private final AccountStore delegate;
    boolean failing;
    int sessionBatches;
    int sessionLoads;
    int identityLoads;

    FlakySessionsAccount(AccountStore delegate) {
        this.delegate = delegate;
    }

    private final SignalSessionStore sessions = new SignalSessionStore() {
        @Override
        public Optional<byte[]> load(SignalAddress address) {
            sessionLoads++;
            return delegate.signalSessions().load(address);
        }

        @Override
        public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
            return delegate.signalSessions().loadAll(addresses);
        }

        @Override
        public boolean contains(SignalAddress address) {
            return delegate.signalSessions().contains(address);
        }

        @Override
        public List<Integer> deviceIds(String name) {
            return delegate.signalSessions().deviceIds(name);
        }

        @Override
        public void store(SignalAddress address, byte[] record) {
            throw new AssertionError("the write-behind buffer writes in batches");
        }

        @Override
        public void storeAll(Map<SignalAddress, byte[]> records) {
            if (failing) {
                throw new StoreException("store down");
            }
            sessionBatches++;
            delegate.signalSessions().storeAll(records);
        }

        @Override
        public void delete(SignalAddress address) {
            delegate.signalSessions().delete(address);
        }

        @Override
        public void deleteAll(String name) {
            delegate.signalSessions().deleteAll(name);
        }
    };

    @Override public String sessionId() { return delegate.sessionId(); }
    @Override public CredentialsStore credentials() { return delegate.credentials(); }
    @Override public SignalSessionStore signalSessions() { return sessions; }
    private final IdentityStore identities = new IdentityStore() {
        @Override
        public Optional<byte[]> load(SignalAddress address) {
            identityLoads++;
            return delegate.identities().load(address);
        }

        @Override
        public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
            return delegate.identities().loadAll(addresses);
        }

        @Override
        public IdentityChange save(SignalAddress address, byte[] identityKey) {
            return delegate.identities().save(address, identityKey);
        }

        @Override
        public Map<SignalAddress, IdentityChange> saveAll(Map<SignalAddress, byte[]> identityKeys) {
            return delegate.identities().saveAll(identityKeys);
        }

        @Override
        public void delete(SignalAddress address) {
            delegate.identities().delete(address);
        }
    };

    @Override public IdentityStore identities() { return identities; }
    @Override public PreKeyStore preKeys() { return delegate.preKeys(); }
    @Override public SignedPreKeyStore signedPreKeys() { return delegate.signedPreKeys(); }
    @Override public SenderKeyStore senderKeys() { return delegate.senderKeys(); }
    @Override public AppStateKeyStore appStateKeys() { return delegate.appStateKeys(); }
    @Override public AppStateVersionStore appStateVersions() { return delegate.appStateVersions(); }
    @Override public PrivacyTokenStore privacyTokens() { return delegate.privacyTokens(); }
    @Override public MessageStore messages() { return delegate.messages(); }
    @Override public ThreadStore threads() { return delegate.threads(); }
    @Override public ContactStore contacts() { return delegate.contacts(); }
    @Override public LidMappingStore lidMappings() { return delegate.lidMappings(); }
    @Override public void wipe() { delegate.wipe(); }
}
