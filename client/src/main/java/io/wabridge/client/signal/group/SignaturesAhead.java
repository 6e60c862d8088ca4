package io.wabridge.client.signal.group;

import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.store.SenderKeyName;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The signatures of {@code skmsg}s checked ahead, on a shared pool, while the message still waits for the session's
 * executor (behind the batch being decrypted): the XEdDSA check is most of a group message's decryption cost (a
 * 1:1 message has none), and it needs nothing of the session's state but the sender's signing key. A message is
 * submitted when its sender's key for the message's key id is known (from an earlier message or distribution);
 * its decryption then skips the check only if the check ran on exactly these bytes, with exactly the signing key the
 * stored state holds, and passed; otherwise (not run yet, failed, another key) it checks inline as before, and a
 * check not started yet is abandoned. So a signature is never less checked, only earlier.
 *
 * <p>Used on the session's executor (one instance per {@link GroupCipher}); only {@link Pending#run} runs on the pool.
 */
final class SignaturesAhead {
    /** Messages waiting with a check submitted; beyond it (messages dropped undecrypted) the waiting ones are forgotten. */
    static final int MAX_PENDING = 8192;
    /** Signing keys remembered per (sender, key id); beyond it they are forgotten (the next message checks inline). */
    static final int MAX_KEYS = 4096;

    private record KeyRef(SenderKeyName sender, int keyId) {}

    private record MessageRef(SenderKeyName sender, int keyId, int iteration) {}

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int VALID = 2;
    private static final int INVALID = 3;
    private static final int ABANDONED = 4;

    /** One message's check: on the pool, unless its decryption came first. */
    private static final class Pending implements Runnable {
        final byte[] signingKey;
        final byte[] serialized;
        final int signed;
        final AtomicInteger state = new AtomicInteger(QUEUED);

        Pending(byte[] signingKey, byte[] serialized, int signed) {
            this.signingKey = signingKey;
            this.serialized = serialized;
            this.signed = signed;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return; // decrypted (and checked inline) already
            }
            boolean valid = XEdDsa.verify(signingKey, Arrays.copyOf(serialized, signed),
                    Arrays.copyOfRange(serialized, signed, serialized.length));
            state.set(valid ? VALID : INVALID);
        }
    }

    private final Executor pool;
    private final Map<KeyRef, byte[]> keys = new HashMap<>();
    private final Map<MessageRef, Pending> pending = new HashMap<>();
    private long used;

    SignaturesAhead(Executor pool) {
        this.pool = pool;
    }

    /** The sender's signing key for {@code keyId} is {@code signingKey} (33 bytes, as the state holds it). */
    void known(SenderKeyName sender, int keyId, byte[] signingKey) {
        KeyRef ref = new KeyRef(sender, keyId);
        byte[] previous = keys.get(ref);
        if (previous == null || !Arrays.equals(previous, signingKey)) {
            if (keys.size() >= MAX_KEYS) {
                keys.clear();
            }
            keys.put(ref, signingKey.clone());
        }
    }

    /** Starts checking {@code serialized}'s signature on the pool if the signing key of its key id is known. */
    void submit(SenderKeyName sender, byte[] serialized) {
        SenderKeyMessages.Message message;
        try {
            message = SenderKeyMessages.parseMessage(serialized);
        } catch (SenderKeyException e) {
            return; // decrypt reports it
        }
        byte[] key = keys.get(new KeyRef(sender, message.keyId()));
        if (key == null) {
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            pending.clear(); // their decryptions check inline
        }
        MessageRef ref = new MessageRef(sender, message.keyId(), message.iteration());
        Pending check = new Pending(key, serialized, message.signed());
        pending.put(ref, check);
        try {
            pool.execute(check);
        } catch (RejectedExecutionException e) {
            pending.remove(ref);
        }
    }

    /**
     * Whether {@code message}'s signature was checked ahead, on these very bytes and with {@code signingKey}, and
     * verified; false (check inline) in every other case. Forgets the message's check either way.
     */
    boolean verified(SenderKeyName sender, SenderKeyMessages.Message message, byte[] signingKey) {
        if (pending.isEmpty()) {
            return false;
        }
        Pending check = pending.remove(new MessageRef(sender, message.keyId(), message.iteration()));
        if (check == null || check.state.compareAndExchange(QUEUED, ABANDONED) != VALID) {
            return false; // not submitted, not run yet (abandoned now), running, or failed
        }
        boolean same = Arrays.equals(check.signingKey, signingKey) && Arrays.equals(check.serialized, message.serialized());
        if (same) {
            used++;
        }
        return same;
    }

    /** Decryptions that used a check made ahead (tests and probes). */
    long used() {
        return used;
    }
}
