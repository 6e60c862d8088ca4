/**
 * The client store SPI on MongoDB, with the synchronous driver.
 *
 * <p>Layout: one collection per domain ({@code <prefix>signal_sessions}, …), shared by every session. Each
 * document carries the session id in field {@code s} next to its key fields, and a compound UNIQUE index that
 * starts with {@code s} serves point lookups, per-session scans and {@code wipe()}. The credentials are one
 * document per session, keyed by the session id. Opening a session allocates a handful of small objects and
 * performs no I/O.
 *
 * <p>Deliberately not used, so the same code runs on the in-JVM Mongo-wire test server: multi-document
 * transactions, change streams, TTL expiry (a TTL index is created for real MongoDB, but expiry is enforced
 * in queries and by purge calls), and non-unique secondary indexes for correctness.
 *
 * <p>Why the blocking driver: the client drives each session from one serial executor and calls the store
 * synchronously; a blocking call keeps the per-session write order trivially the call order, and batches go
 * out as one {@code bulkWrite}; across sessions, the bulk writes to one collection pending at once go out as one
 * ({@link io.wabridge.store.mongo.BulkCombiner}), so N sessions committing together cost one round trip per collection.
 */
package io.wabridge.store.mongo;
