package io.wabridge.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WaClient} sends and receives messages.
 *
 * @param sendTimeout       how long a send waits for the server's ack
 * @param iqTimeout         timeout of the usync and prekey queries a send makes
 * @param maxDecryptRetries retry receipts sent for one undecryptable message before giving up (whatsmeow: 5)
 * @param maxResends        resends of one sent message to one device in answer to retry receipts (whatsmeow: 10)
 * @param deviceCacheUsers  users whose device lists are cached per account
 * @param deviceCacheTtl    how long a cached device list is trusted without a devices notification
 * @param inboundBatch      received messages decrypted and handed off together before one flush and their acks
 * @param ackAfterReceipt   also send {@code <ack class=message>} after the delivery receipt (WhatsApp Web's
 *                          references send the receipt alone for a decrypted message; both are accepted)
 * @param keyFetchFailureTtl how long a device the server had no prekey bundle for is skipped without asking again
 *                          (zero: ask on every send)
 * @param lidCacheUsers     users whose LID mapping is kept in memory per account, each direction (absent ones too;
 *                          {@link io.wabridge.client.lid.LidMappings#DEFAULT_CACHE_USERS}); past it the least recently
 *                          used are read from the store again
 */
public record MessagingSettings(Duration sendTimeout, Duration iqTimeout, int maxDecryptRetries, int maxResends,
                                int deviceCacheUsers, Duration deviceCacheTtl, int inboundBatch,
                                boolean ackAfterReceipt, Duration keyFetchFailureTtl, int lidCacheUsers) {

    public static final MessagingSettings DEFAULTS = new MessagingSettings(Duration.ofSeconds(30),
            Duration.ofSeconds(20), 5, 10, 256, Duration.ofHours(1), 64, true, Duration.ofMinutes(5),
            io.wabridge.client.lid.LidMappings.DEFAULT_CACHE_USERS);

    public MessagingSettings {
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        Objects.requireNonNull(iqTimeout, "iqTimeout");
        Objects.requireNonNull(deviceCacheTtl, "deviceCacheTtl");
        Objects.requireNonNull(keyFetchFailureTtl, "keyFetchFailureTtl");
        if (keyFetchFailureTtl.isNegative()) {
            throw new IllegalArgumentException("keyFetchFailureTtl must not be negative");
        }
        if (maxDecryptRetries < 0 || maxResends < 0 || deviceCacheUsers < 1 || inboundBatch < 1 || lidCacheUsers < 1) {
            throw new IllegalArgumentException("messaging limits must be positive");
        }
    }

    public MessagingSettings withMaxDecryptRetries(int v) {
        return new MessagingSettings(sendTimeout, iqTimeout, v, maxResends, deviceCacheUsers, deviceCacheTtl,
                inboundBatch, ackAfterReceipt, keyFetchFailureTtl, lidCacheUsers);
    }

    public MessagingSettings withSendTimeout(Duration v) {
        return new MessagingSettings(v, iqTimeout, maxDecryptRetries, maxResends, deviceCacheUsers, deviceCacheTtl,
                inboundBatch, ackAfterReceipt, keyFetchFailureTtl, lidCacheUsers);
    }

    public MessagingSettings withInboundBatch(int v) {
        return new MessagingSettings(sendTimeout, iqTimeout, maxDecryptRetries, maxResends, deviceCacheUsers,
                deviceCacheTtl, v, ackAfterReceipt, keyFetchFailureTtl, lidCacheUsers);
    }

    public MessagingSettings withAckAfterReceipt(boolean v) {
        return new MessagingSettings(sendTimeout, iqTimeout, maxDecryptRetries, maxResends, deviceCacheUsers,
                deviceCacheTtl, inboundBatch, v, keyFetchFailureTtl, lidCacheUsers);
    }

    public MessagingSettings withKeyFetchFailureTtl(Duration v) {
        return new MessagingSettings(sendTimeout, iqTimeout, maxDecryptRetries, maxResends, deviceCacheUsers,
                deviceCacheTtl, inboundBatch, ackAfterReceipt, v, lidCacheUsers);
    }

    public MessagingSettings withLidCacheUsers(int v) {
        return new MessagingSettings(sendTimeout, iqTimeout, maxDecryptRetries, maxResends, deviceCacheUsers,
                deviceCacheTtl, inboundBatch, ackAfterReceipt, keyFetchFailureTtl, v);
    }
}
