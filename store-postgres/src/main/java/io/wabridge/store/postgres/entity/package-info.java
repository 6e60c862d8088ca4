/**
 * The JPA mappings of the store schema, one entity per table of the Flyway migrations ({@code db/wabridge/V1__store.sql},
 * {@code V2__bridge.sql}). The migrations own the schema: Hibernate's schema management stays off, and
 * {@code EntityMappingTest} boots Hibernate with {@code hibernate.hbm2ddl.auto=validate} against the migrated schema, so
 * a mapping and its table cannot drift apart.
 *
 * <p>Every store table's key is an {@code @EmbeddedId} record (or, for the credentials, the session id itself) that
 * starts with {@code session_id}, and every store row carries the writer's lease {@code epoch} ({@link FencedRow}).
 * The stores read through these entities (get by key, HQL) and delete through fenced HQL; their batched upserts stay
 * native SQL because the fence needs {@code INSERT ... ON CONFLICT ... DO UPDATE ... WHERE t.epoch <= EXCLUDED.epoch}
 * with the changed-row count (see {@code Upsert}).
 */
package io.wabridge.store.postgres.entity;
