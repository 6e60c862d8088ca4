/**
 * The client's persistence SPI: one interface per domain, each bound to one session (one linked account).
 *
 * <p>{@link io.wabridge.client.store.StoreProvider#open(String)} hands out an
 * {@link io.wabridge.client.store.AccountStore} that exposes the domain stores of one session. Implementations
 * keep no per-session mutable state they do not need: opening a session must be cheap, because one JVM hosts
 * up to 10,000 of them.
 *
 * <p>Contracts shared by every store:
 * <ul>
 *   <li>Threading: a session is driven by one serial executor, so calls for one session never overlap, but
 *       different sessions call concurrently. Implementations must not take global locks on hot paths.</li>
 *   <li>Byte arrays: a store takes ownership of the arrays passed to it (the caller must not mutate them
 *       afterwards) and callers must treat returned arrays as read-only. This avoids a copy per Signal
 *       operation. The same holds for the arrays inside this package's records, except
 *       {@link io.wabridge.client.store.Credentials} and its parts, which copy because they are long-lived,
 *       shared and secret.</li>
 *   <li>No multi-document atomicity: only {@link io.wabridge.client.store.CredentialsStore#save} is atomic
 *       (one unit, optimistic versioning). Batch methods may be partially applied if the backend fails; they
 *       are idempotent, so retrying them is safe.</li>
 *   <li>Fencing: a view opened with {@link io.wabridge.client.store.StoreProvider#open(String, long)} writes at
 *       that lease epoch; a write over an entry a higher epoch wrote is refused with
 *       {@link io.wabridge.client.store.StoreFencedException} (never retried) and reported to the view's
 *       {@link io.wabridge.client.store.AccountStore#onFenced} listener. Reads are not fenced.</li>
  <li>Backend failures surface as unchecked exceptions ({@link io.wabridge.client.store.StoreException}
 *       or the backend driver's own); bad arguments as {@link java.lang.IllegalArgumentException} or
 *       {@link java.lang.NullPointerException}.</li>
 * </ul>
 */
package io.wabridge.client.store;
