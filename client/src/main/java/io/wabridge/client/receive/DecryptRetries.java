package io.wabridge.client.receive;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many retry receipts we sent per undecryptable message id, bounded (oldest ids forgotten). Runs on the
 * account's serial executor.
 */
public final class DecryptRetries {

    /**
     * Message ids an account tracks (about 56 KB at the bound, see {@code SessionCacheSizingProbe}): far more than
     * undecryptable messages pending at once; a forgotten id's resend carries the sender's count, which
     * {@link #next} continues from.
     */
    public static final int TRACKED = 512;

    private final int maxEntries;
    private final LinkedHashMap<String, Integer> counts;

    public DecryptRetries(int maxEntries) {
        this.maxEntries = maxEntries;
        this.counts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > DecryptRetries.this.maxEntries;
            }
        };
    }

    /**
     * Counts one more failure of {@code id} and returns the retry number it would be (1 for the first). A message
     * that is itself a resend carries the sender's count ({@code <enc count>}); after a restart we continue from it.
     */
    public int next(String id, int countInMessage) {
        int count = counts.getOrDefault(id, 0) + 1;
        if (count == 1 && countInMessage > 0) {
            count = countInMessage + 1;
        }
        counts.put(id, count);
        return count;
    }

    /** The message decrypted at last. */
    public void succeeded(String id) {
        counts.remove(id);
    }

    public int size() {
        return counts.size();
    }
}
