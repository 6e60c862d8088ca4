package io.wabridge.client.message.content;

/**
 * A 1:1 chat's disappearing-messages timer changed: protocol message {@code EPHEMERAL_SETTING}.
 *
 * @param expirationSeconds the new timer, 0 = off
 * @param settingTimestamp  when it was set (epoch seconds), 0 if not given
 */
public record EphemeralSetting(int expirationSeconds, long settingTimestamp) implements MessageContent {

    public EphemeralSetting {
        if (expirationSeconds < 0) {
            throw new IllegalArgumentException("negative expiration " + expirationSeconds);
        }
    }
}
