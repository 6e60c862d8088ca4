/**
 * The Double Ratchet of WhatsApp's 1:1 Signal sessions (message version 3) in Java, for sessions that
 * exist: {@link io.wabridge.client.signal.ratchet.RatchetCipher} encrypts (msg, or pkmsg until the peer answers),
 * decrypts msgs and the pkmsgs of a known session, on live {@link io.wabridge.client.signal.ratchet.RatchetRecord}s
 * kept in the account's write-behind buffer (parsed once when loaded, serialized once when flushed). HMAC-SHA256,
 * HKDF and AES-CBC are the JDK's; only the X25519 of a ratchet step (when the sender changes) calls libsignal's
 * native curve, which is 3-4x faster here than the JDK's XDH. No native session objects, no finalizers, no native
 * (de)serialization per message.
 *
 * <p>Records are libsignal-client 0.23.1's stored {@code RecordStructure} byte for byte, and every state change,
 * limit and failure follows libsignal's, so stored sessions keep working in both directions and libsignal (which
 * still sets sessions up: X3DH from a bundle or a new pkmsg) reads what the ratchet writes. libsignal stays the
 * oracle: {@code RatchetDifferentialTest} runs every operation on both and compares ciphertexts and records.
 */
package io.wabridge.client.signal.ratchet;
