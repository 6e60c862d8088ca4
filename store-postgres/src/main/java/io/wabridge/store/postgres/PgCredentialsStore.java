package io.wabridge.store.postgres;

import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.StaleCredentialsException;
import io.wabridge.client.store.StoreException;
import io.wabridge.client.store.Versioned;
import io.wabridge.store.postgres.entity.CredentialsRow;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/**
 * One {@link CredentialsRow} per session, read through the entity. The writes stay native SQL: a create is an
 * {@code INSERT ... ON CONFLICT DO NOTHING} (a second create changes nothing), an update is an {@code UPDATE}
 * conditioned on the expected version and on the fence. Only a refused save reads the
 * row back (in the same transaction), to tell a fenced writer from a stale one. (An entity insert would fail on an
 * existing row and abort the transaction that must then tell fenced from stale; an entity update knows no fence.)
 */
final class PgCredentialsStore implements CredentialsStore {

    private static final String COLUMNS = "noise_public, noise_private, identity_public, identity_private, registration_id, "
            + "signed_prekey_id, signed_prekey_public, signed_prekey_private, signed_prekey_signature, adv_secret, me, lid, "
            + "platform, push_name, account, routing_info, app_state_key_id, next_prekey_id, first_unuploaded_prekey_id, "
            + "registered, locale";
    private static final int FIELDS = 21;

    private final Database db;
    private final String table;
    private final Fence fence;

    PgCredentialsStore(Database db, Fence fence) {
        this.db = db;
        this.table = db.table("credentials");
        this.fence = fence;
    }

    @Override
    public Optional<Versioned<Credentials>> load() {
        return Rows.get(db, CredentialsRow.class, fence.sessionId()).map(r -> new Versioned<>(decode(r), r.version()));
    }

    @Override
    public Versioned<Credentials> save(Credentials credentials, long expectedVersion) {
        Objects.requireNonNull(credentials, "credentials");
        if (expectedVersion < ABSENT) {
            throw new IllegalArgumentException("negative expected version " + expectedVersion);
        }
        long next = expectedVersion + 1;
        Object[] fields = encode(credentials);
        db.write(s -> {
            CompletionStage<Integer> written;
            if (expectedVersion == ABSENT) {
                String sql = "INSERT INTO " + table + " (session_id, version, epoch, " + COLUMNS + ") VALUES "
                        + Database.placeholders(1, FIELDS + 3) + " ON CONFLICT (session_id) DO NOTHING";
                written = Database.update(s, sql, Database.concat(new Object[] {fence.sessionId(), next, fence.epoch()}, fields));
            } else {
                StringBuilder set = new StringBuilder("version = ?1, epoch = ?2");
                String[] names = COLUMNS.split(", ");
                for (int i = 0; i < names.length; i++) {
                    set.append(", ").append(names[i]).append(" = ?").append(i + 3);
                }
                String sql = "UPDATE " + table + " SET " + set + " WHERE session_id = ?" + (FIELDS + 3)
                        + " AND version = ?" + (FIELDS + 4) + " AND epoch <= ?2";
                Object[] params = Database.concat(Database.concat(new Object[] {next, fence.epoch()}, fields),
                        fence.sessionId(), expectedVersion);
                written = Database.update(s, sql, params);
            }
            return written.thenCompose(n -> n == 1 ? CompletableFuture.completedFuture(n) : refused(s, expectedVersion));
        });
        return new Versioned<>(credentials, next);
    }

    /** Fenced if a newer epoch wrote the stored credentials (whatever their version), else stale. */
    private CompletionStage<Integer> refused(Stage.StatelessSession s, long expectedVersion) {
        return s.get(CredentialsRow.class, fence.sessionId()).thenApply(row -> {
            if (row != null && row.epoch() > fence.epoch()) {
                throw fence.refused();
            }
            throw new StaleCredentialsException(fence.sessionId(), expectedVersion, row == null ? ABSENT : row.version());
        });
    }

    /** Deletes the session's credentials unless a newer epoch wrote them. */
    CompletionStage<Integer> delete(Stage.StatelessSession s) {
        return Rows.delete(s, fence, CredentialsRow.class, "", Map.of());
    }

    /** Stamps the credentials with the fence's epoch; refused if a newer epoch wrote them. */
    CompletionStage<Integer> claim(Stage.StatelessSession s) {
        return Rows.claim(s, fence, CredentialsRow.class).thenCompose(n -> n > 0 ? CompletableFuture.completedFuture(n)
                : s.get(CredentialsRow.class, fence.sessionId()).thenApply(row -> {
                    if (row != null) {
                        throw fence.refused();
                    }
                    return 0;
                }));
    }

    private static Object[] encode(Credentials c) {
        return new Object[] {
                c.noiseKey().publicKey(), c.noiseKey().privateKey(), c.identityKey().publicKey(), c.identityKey().privateKey(),
                c.registrationId(), c.signedPreKey().id(), c.signedPreKey().keyPair().publicKey(),
                c.signedPreKey().keyPair().privateKey(), c.signedPreKey().signature(), c.advSecret(), c.me(), c.lid(),
                c.platform(), c.pushName(), c.account(), c.routingInfo(), c.appStateKeyId(), c.nextPreKeyId(),
                c.firstUnuploadedPreKeyId(), c.registered(), c.locale()};
    }

    private Credentials decode(CredentialsRow r) {
        try {
            return Credentials.builder()
                    .noiseKey(new KeyPair(r.noisePublic(), r.noisePrivate()))
                    .identityKey(new KeyPair(r.identityPublic(), r.identityPrivate()))
                    .registrationId(r.registrationId())
                    .signedPreKey(new SignedPreKey(r.signedPreKeyId(),
                            new KeyPair(r.signedPreKeyPublic(), r.signedPreKeyPrivate()), r.signedPreKeySignature()))
                    .advSecret(r.advSecret())
                    .me(r.me()).lid(r.lid()).platform(r.platform()).pushName(r.pushName())
                    .account(r.account()).routingInfo(r.routingInfo()).appStateKeyId(r.appStateKeyId())
                    .nextPreKeyId(r.nextPreKeyId()).firstUnuploadedPreKeyId(r.firstUnuploadedPreKeyId())
                    .registered(r.registered()).locale(r.locale())
                    .build();
        } catch (RuntimeException e) {
            throw new StoreException("stored credentials of session " + fence.sessionId() + " are unreadable: " + e, e);
        }
    }
}
