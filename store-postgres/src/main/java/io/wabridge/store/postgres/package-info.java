/**
 * The client store SPI on PostgreSQL through Hibernate Reactive and the Vert.x PostgreSQL client: one table per
 * domain with {@code session_id} leading every primary key, an {@code epoch} column on every row for the lease fence
 * (same behaviour as the MongoDB store), multi-row upserts for batches, and a schema migrated by Flyway at start-up.
 * Entry point: {@link io.wabridge.store.postgres.PostgresStoreProvider#connect}.
 */
package io.wabridge.store.postgres;
