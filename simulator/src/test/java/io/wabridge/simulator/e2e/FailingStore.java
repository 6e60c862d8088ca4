package io.wabridge.simulator.e2e;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.ChatLabel;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.ContactStore;
import io.wabridge.client.store.CredentialsStore;
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
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.store.ThreadStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An account store whose Signal session writes fail while {@link #failing} is set, and whose chat and label writes
 * fail while {@link #threadsFailing} is set, as a store that stopped answering does (MongoDB cut, timeouts):
 * everything else goes to the real store. For isolation and app-state tests.
 */
final class FailingStore implements AccountStore {
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicBoolean threadsFailing = new AtomicBoolean();
    final AtomicInteger threadsRefused = new AtomicInteger();
    private final AccountStore delegate;
    private final SignalSessionStore sessions;
    private final ThreadStore threads;

    FailingStore(AccountStore delegate) {
        this.delegate = delegate;
        SignalSessionStore real = delegate.signalSessions();
        this.sessions = new SignalSessionStore() {
            @Override
            public Optional<byte[]> load(SignalAddress address) {
                return real.load(address);
            }

            @Override
            public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
                return real.loadAll(addresses);
            }

            @Override
            public boolean contains(SignalAddress address) {
                return real.contains(address);
            }

            @Override
            public List<Integer> deviceIds(String name) {
                return real.deviceIds(name);
            }

            @Override
            public void store(SignalAddress address, byte[] record) {
                check();
                real.store(address, record);
            }

            @Override
            public void storeAll(Map<SignalAddress, byte[]> records) {
                check();
                real.storeAll(records);
            }

            @Override
            public void delete(SignalAddress address) {
                check();
                real.delete(address);
            }

            @Override
            public void deleteAll(String name) {
                check();
                real.deleteAll(name);
            }
        };
        ThreadStore realThreads = delegate.threads();
        this.threads = new ThreadStore() {
            @Override
            public Optional<ChatThread> load(String jid) {
                return realThreads.load(jid);
            }

            @Override
            public void store(ChatThread thread) {
                checkThreads();
                realThreads.store(thread);
            }

            @Override
            public void storeAll(Collection<ChatThread> all) {
                checkThreads();
                realThreads.storeAll(all);
            }

            @Override
            public void delete(String jid) {
                checkThreads();
                realThreads.delete(jid);
            }

            @Override
            public List<ChatThread> page(String afterJid, int limit) {
                return realThreads.page(afterJid, limit);
            }

            @Override
            public Optional<ChatLabel> loadLabel(String id) {
                return realThreads.loadLabel(id);
            }

            @Override
            public void storeLabel(ChatLabel label) {
                checkThreads();
                realThreads.storeLabel(label);
            }

            @Override
            public void deleteLabel(String id) {
                checkThreads();
                realThreads.deleteLabel(id);
            }

            @Override
            public List<ChatLabel> labelPage(String afterId, int limit) {
                return realThreads.labelPage(afterId, limit);
            }
        };
    }

    private void checkThreads() {
        if (threadsFailing.get()) {
            threadsRefused.incrementAndGet();
            throw new StoreException("injected: the store does not take chats");
        }
    }

    private void check() {
        if (failing.get()) {
            refused.incrementAndGet();
            throw new StoreException("injected: the store does not answer");
        }
    }

    @Override
    public String sessionId() {
        return delegate.sessionId();
    }

    @Override
    public long epoch() {
        return delegate.epoch();
    }

    @Override
    public void onFenced(Consumer<? super StoreFencedException> listener) {
        delegate.onFenced(listener);
    }

    @Override
    public void claim() {
        delegate.claim();
    }

    @Override
    public CredentialsStore credentials() {
        return delegate.credentials();
    }

    @Override
    public SignalSessionStore signalSessions() {
        return sessions;
    }

    @Override
    public IdentityStore identities() {
        return delegate.identities();
    }

    @Override
    public PreKeyStore preKeys() {
        return delegate.preKeys();
    }

    @Override
    public SignedPreKeyStore signedPreKeys() {
        return delegate.signedPreKeys();
    }

    @Override
    public SenderKeyStore senderKeys() {
        return delegate.senderKeys();
    }

    @Override
    public AppStateKeyStore appStateKeys() {
        return delegate.appStateKeys();
    }

    @Override
    public AppStateVersionStore appStateVersions() {
        return delegate.appStateVersions();
    }

    @Override
    public PrivacyTokenStore privacyTokens() {
        return delegate.privacyTokens();
    }

    @Override
    public MessageStore messages() {
        return delegate.messages();
    }

    @Override
    public ThreadStore threads() {
        return threads;
    }

    @Override
    public ContactStore contacts() {
        return delegate.contacts();
    }

    @Override
    public LidMappingStore lidMappings() {
        return delegate.lidMappings();
    }

    @Override
    public void wipe() {
        delegate.wipe();
    }
}
