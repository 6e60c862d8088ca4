package io.wabridge.client.signal.ratchet;

import io.wabridge.client.store.SignalAddress;

/**
 * What {@link RatchetCipher} needs from an account's stores: live session records and the identity policy. Used from
 * the account's serial executor only.
 */
public interface RatchetStore {

    /**
     * The live record with {@code address}, or null. The cipher changes it in place only after an operation
     * succeeded, then hands it to {@link #storeRecord}.
     */
    RatchetRecord loadRecord(SignalAddress address);

    void storeRecord(SignalAddress address, RatchetRecord record);

    /** Whether the policy accepts {@code identityKey} (33 bytes) for the peer, as libsignal asks before every use. */
    boolean isTrustedIdentity(SignalAddress address, byte[] identityKey, boolean sending);

    /** Records the peer's identity key (33 bytes) after a successful operation, as libsignal does. */
    void saveIdentity(SignalAddress address, byte[] identityKey);
}
