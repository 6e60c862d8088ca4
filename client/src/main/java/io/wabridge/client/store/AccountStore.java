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

    /**
     * Stamps everything stored for the session with this view's epoch, so that an older owner can no longer change
     * or delete any of it (without it, fencing protects only what the new owner has written so far). Call when the
     * session was taken over from an owner that did not release it (it may still be running). A no-op at epoch 0.
     *
     * @throws StoreFencedException if a newer epoch already wrote the session
     */
    default void claim() {
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
