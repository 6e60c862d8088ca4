/**
 * Signal end-to-end encryption with WhatsApp devices (message version 3, no Kyber: the only version that
 * interoperates with WhatsApp; libsignal-client versions after the pinned 0.23.1 emit version 4 and reject device
 * id 0). Established sessions run on the Java Double Ratchet in {@code signal.ratchet}; sessions are set up by
 * libsignal-client 0.23.1 on the same stored records.
 *
 * <p>{@link io.wabridge.client.signal.SignalCipher} encrypts and decrypts 1:1 messages (pkmsg/msg) for device JIDs
 * mapped by {@link io.wabridge.client.signal.SignalAddresses}; its failures are
 * {@link io.wabridge.client.signal.SignalCipherException}s naming the
 * {@link io.wabridge.client.signal.RetryReason} a retry receipt carries. Everything runs on the account's serial
 * executor over {@link io.wabridge.client.signal.CipherStores}: no locks.
 *
 * <p>Groups: WhatsApp's sender keys use the OLD libsignal layout (schemas {@code waproto/sender_key.proto}), which
 * libsignal-client's own group classes cannot read. The group cipher is therefore in {@code signal.group}, built on
 * the ratchet's primitives (protobuf helper, HMAC, HKDF, AES-CBC) and libsignal's XEdDSA; its failures are
 * {@link io.wabridge.client.signal.SenderKeyException}s, in the same sealed hierarchy as the 1:1 ones.
 */
package io.wabridge.client.signal;
