package io.wabridge.client.store;

import java.util.function.Consumer;

/**
 * Every store of one session (one linked account). Cheap to hold: implementations keep only references here,
 * the data lives in the backend.
 */
public interface AccountStore {

    String sessionId();

    /** The epoch every write of this view is fenced by ({@link StoreProvider#open(String, long)}); 0: unfenced. */
    default long epoch() {
        return 0;
    }

    /**
     * Sets the callback told (on the writing thread, before the exception is thrown) of every write of this view
     * refused with {@link StoreFencedException}, replacing any earlier one: whoever drives the session learns it
     * lost the session even where a caller catches and logs store failures. Must not block or throw.
     */
    default void onFenced(Consumer<? super StoreFencedException> listener) {
    }

    CredentialsStore credentials();

    SignalSessionStore signalSessions();

    IdentityStore identities();

    PreKeyStore preKeys();

    SignedPreKeyStore signedPreKeys();

    SenderKeyStore senderKeys();

    AppStateKeyStore appStateKeys();

    AppStateVersionStore appStateVersions();

    PrivacyTokenStore privacyTokens();

    MessageStore messages();

    ThreadStore threads();

    ContactStore contacts();

    LidMappingStore lidMappings();

    /**
     * Deletes everything this session stored (logout), and nothing of any other session. The credentials go
     * last, so an interrupted wipe leaves a session that still looks paired and gets wiped again on its next
     * failed login, rather than half the data of a session that looks new. Idempotent.
     */
    void wipe();
}
