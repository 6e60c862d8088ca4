/**
 * The client store SPI on PostgreSQL through Hibernate Reactive and the Vert.x PostgreSQL client: one table per
 * domain with {@code session_id} leading every primary key, an {@code epoch} column on every row for the lease fence
 * (same behaviour as the MongoDB store), multi-row upserts for batches, and a schema migrated by Flyway at start-up.
 * Each table is mapped as an entity ({@link io.wabridge.store.postgres.entity}): the stores read through them and
 * delete through fenced HQL ({@code Rows}); the fenced batched upserts are native SQL ({@code Upsert}).
 * Entry point: {@link io.wabridge.store.postgres.PostgresStoreProvider#connect}.
 */
package io.wabridge.store.postgres;
