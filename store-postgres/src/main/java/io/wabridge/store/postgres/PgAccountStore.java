package io.wabridge.store.postgres;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.ContactStore;
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
import io.wabridge.client.store.StoreSettings;
import io.wabridge.client.store.ThreadStore;
import io.wabridge.store.postgres.entity.AppStateKeyRow;
import io.wabridge.store.postgres.entity.AppStateMacRow;
import io.wabridge.store.postgres.entity.AppStateVersionRow;
import io.wabridge.store.postgres.entity.ContactRow;
import io.wabridge.store.postgres.entity.FencedRow;
import io.wabridge.store.postgres.entity.IdentityRow;
import io.wabridge.store.postgres.entity.LidMappingRow;
import io.wabridge.store.postgres.entity.MessageRow;
import io.wabridge.store.postgres.entity.PreKeyRow;
import io.wabridge.store.postgres.entity.PrivacyTokenRow;
import io.wabridge.store.postgres.entity.SenderKeyRow;
import io.wabridge.store.postgres.entity.SignalSessionRow;
import io.wabridge.store.postgres.entity.SignedPreKeyRow;
import io.wabridge.store.postgres.entity.ThreadRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.reactive.stage.Stage;

/** One opened view of a session over the shared tables: the session id, its fence, one tiny object per domain. */
final class PgAccountStore implements AccountStore {

    /** Every entity keyed by session but the credentials (which go last in a wipe and decide a claim). */
    static final List<Class<? extends FencedRow>> SESSION_ENTITIES = List.of(SignalSessionRow.class, IdentityRow.class,
            PreKeyRow.class, SignedPreKeyRow.class, SenderKeyRow.class, AppStateKeyRow.class, AppStateVersionRow.class,
            AppStateMacRow.class, PrivacyTokenRow.class, MessageRow.class, ThreadRow.class, ContactRow.class,
            LidMappingRow.class, io.wabridge.store.postgres.entity.LabelRow.class);
    /** The message archive's table: no entity, written through native SQL ({@link PgMessageArchive}). */
    static final String ARCHIVE_TABLE = "message_archive";
    /** Their tables, and the archive's. */
    static final List<String> SESSION_TABLES = java.util.stream.Stream.concat(SESSION_ENTITIES.stream()
            .map(e -> e.getAnnotation(jakarta.persistence.Table.class).name()), java.util.stream.Stream.of(ARCHIVE_TABLE))
            .toList();

    private final Database db;
    private final Fence fence;
    private final PgCredentialsStore credentials;
    private final PgSignalSessionStore signalSessions;
    private final PgIdentityStore identities;
    private final PgPreKeyStore preKeys;
    private final PgSignedPreKeyStore signedPreKeys;
    private final PgSenderKeyStore senderKeys;
    private final PgAppStateKeyStore appStateKeys;
    private final PgAppStateVersionStore appStateVersions;
    private final PgPrivacyTokenStore privacyTokens;
    private final PgMessageStore messages;
    private final PgThreadStore threads;
    private final PgContactStore contacts;
    private final PgLidMappingStore lidMappings;

    PgAccountStore(String sessionId, long epoch, Database db, StoreSettings settings) {
        this.db = db;
        this.fence = new Fence(sessionId, epoch);
        this.credentials = new PgCredentialsStore(db, fence);
        this.signalSessions = new PgSignalSessionStore(db, fence);
        this.identities = new PgIdentityStore(db, fence);
        this.preKeys = new PgPreKeyStore(db, fence);
        this.signedPreKeys = new PgSignedPreKeyStore(db, fence);
        this.senderKeys = new PgSenderKeyStore(db, fence);
        this.appStateKeys = new PgAppStateKeyStore(db, fence);
        this.appStateVersions = new PgAppStateVersionStore(db, fence);
        this.privacyTokens = new PgPrivacyTokenStore(db, fence);
        this.messages = new PgMessageStore(db, settings, fence);
        this.threads = new PgThreadStore(db, fence);
        this.contacts = new PgContactStore(db, fence);
        this.lidMappings = new PgLidMappingStore(db, fence);
    }

    @Override public String sessionId() { return fence.sessionId(); }
    @Override public long epoch() { return fence.epoch(); }
    @Override public void onFenced(Consumer<? super StoreFencedException> listener) { fence.onFenced(listener); }
    @Override public CredentialsStore credentials() { return credentials; }
    @Override public SignalSessionStore signalSessions() { return signalSessions; }
    @Override public IdentityStore identities() { return identities; }
    @Override public PreKeyStore preKeys() { return preKeys; }
    @Override public SignedPreKeyStore signedPreKeys() { return signedPreKeys; }
    @Override public SenderKeyStore senderKeys() { return senderKeys; }
    @Override public AppStateKeyStore appStateKeys() { return appStateKeys; }
    @Override public AppStateVersionStore appStateVersions() { return appStateVersions; }
    @Override public PrivacyTokenStore privacyTokens() { return privacyTokens; }
    @Override public MessageStore messages() { return messages; }
    @Override public ThreadStore threads() { return threads; }
    @Override public ContactStore contacts() { return contacts; }
    @Override public LidMappingStore lidMappings() { return lidMappings; }

    /** One UPDATE per table in one transaction; a newer epoch's credentials make it a refusal and roll it all back. */
    @Override
    public void claim() {
        if (fence.epoch() == 0) {
            return;
        }
        List<Function<Stage.StatelessSession, CompletionStage<Integer>>> steps = new ArrayList<>();
        for (Class<? extends FencedRow> entity : SESSION_ENTITIES) {
            steps.add(s -> Rows.claim(s, fence, entity));
        }
        String archive = "UPDATE " + db.table(ARCHIVE_TABLE) + " SET epoch = ?2 WHERE session_id = ?1 AND epoch <= ?2";
        steps.add(s -> Database.update(s, archive, fence.sessionId(), fence.epoch()));
        steps.add(credentials::claim);
        db.write(s -> Database.sequence(s, steps));
    }

    /**
     * Session data first, credentials last (see {@link AccountStore#wipe()}), in one transaction. Fenced like every
     * write: a view that lost the session deletes only what no newer epoch wrote.
     */
    @Override
    public void wipe() {
        signalSessions.forgetKnown();
        List<Function<Stage.StatelessSession, CompletionStage<Integer>>> steps = new ArrayList<>();
        for (Class<? extends FencedRow> entity : SESSION_ENTITIES) {
            steps.add(s -> Rows.delete(s, fence, entity, "", java.util.Map.of()));
        }
        String archive = "DELETE FROM " + db.table(ARCHIVE_TABLE) + " WHERE session_id = ?1 AND epoch <= ?2";
        steps.add(s -> Database.update(s, archive, fence.sessionId(), fence.epoch()));
        steps.add(credentials::delete);
        db.write(s -> Database.sequence(s, steps));
    }
}
