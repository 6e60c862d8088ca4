/**
 * Encryption at rest of every secret an {@link io.wabridge.client.store.AccountStore} holds, as a decorating
 * {@link io.wabridge.client.store.StoreProvider} ({@link io.wabridge.client.store.encryption.EncryptedStoreProvider})
 * over any backend (memory, MongoDB, PostgreSQL), which therefore needs no change.
 *
 * <p>Envelope encryption: each session has its own random AES-256 data key; it is stored wrapped (AES-256-GCM) by a
 * master key from a {@link io.wabridge.client.store.encryption.KeyProvider} (a keyring file or an environment value
 * today, a KMS behind the same interface later) inside the session's credentials, so it is written, versioned,
 * fenced and wiped with them. Every secret record is sealed with AES-256-GCM under the data key, a fresh 96-bit
 * nonce per write, and associated data binding it to the session id, the record kind and its key: a record copied
 * to another session, or to another slot of the same session, does not decrypt and fails with a
 * {@link io.wabridge.client.store.encryption.StoreEncryptionException} that says so.
 *
 * <p>What is sealed: the Noise, identity and signed-prekey private keys and the ADV secret of the credentials; Signal
 * session records, one-time and signed prekey records, sender key records; app-state sync key material. What is not:
 * public keys, JIDs, names, counters (so operators can still read them), remote identity keys (public), app-state
 * versions (hashes), contacts, threads, privacy tokens and sent messages kept for retries.
 *
 * <p>Rotation: the master key's id travels with each wrapped data key; a keyring names the current key first and the
 * previous ones after it. Loading credentials wrapped under a previous key re-wraps their data key under the current
 * one (one credentials write per session; records need no rewrite since the data key stays the same).
 */
package io.wabridge.client.store.encryption;
