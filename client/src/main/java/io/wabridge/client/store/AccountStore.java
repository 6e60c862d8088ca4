package io.wabridge.client.store;

/**
 * Every store of one session (one linked account). Cheap to hold: implementations keep only references here,
 * the data lives in the backend.
 */
public interface AccountStore {

    String sessionId();

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
