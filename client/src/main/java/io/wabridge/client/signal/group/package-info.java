/**
 * WhatsApp's group (sender-key) cipher: old libsignal sender keys, message version 3.
 * {@link io.wabridge.client.signal.group.GroupCipher} creates and processes
 * {@code SenderKeyDistributionMessage}s and encrypts and decrypts {@code skmsg}s over the session's
 * {@link io.wabridge.client.store.SenderKeyStore}; records ({@link io.wabridge.client.signal.group.SenderKeyRecord},
 * {@link io.wabridge.client.signal.group.SenderKeyState}) are libsignal's {@code SenderKeyRecordStructure}.
 *
 * <p>Why here and not in a {@code client.group} feature package: this is a Signal layer like {@code signal.ratchet},
 * and it reuses the ratchet's package-level primitives ({@code Proto}, {@code RatchetCrypto}) and the sealed
 * {@link io.wabridge.client.signal.SignalCipherException} hierarchy. The group feature coordinator (participants'
 * devices, distribution fan-out, metadata, notifications) belongs in {@code client.group} and will call into this.
 */
package io.wabridge.client.signal.group;
