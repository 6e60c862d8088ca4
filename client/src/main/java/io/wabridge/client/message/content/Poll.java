package io.wabridge.client.message.content;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A poll: protobuf {@code pollCreationMessage} (v3 when single-choice, as WhatsApp Web sends).
 *
 * @param name            the question
 * @param options         the option names
 * @param selectableCount how many options a voter may pick, 0 = any
 * @param messageSecret   the 32-byte secret votes are encrypted with (messageContextInfo.messageSecret); null if
 *                        a received poll carried none
 */
public record Poll(String name, List<String> options, int selectableCount, byte[] messageSecret)
        implements MessageContent {

    public static final int SECRET_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Poll {
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
        messageSecret = messageSecret == null ? null : messageSecret.clone();
    }

    /** A new poll with a fresh secret. */
    public static Poll create(String name, List<String> options, int selectableCount) {
        byte[] secret = new byte[SECRET_LENGTH];
        RANDOM.nextBytes(secret);
        return new Poll(name, options, selectableCount, secret);
    }

    @Override
    public byte[] messageSecret() {
        return messageSecret == null ? null : messageSecret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Poll p && name.equals(p.name) && options.equals(p.options)
                && selectableCount == p.selectableCount && Arrays.equals(messageSecret, p.messageSecret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, options, selectableCount) * 31 + Arrays.hashCode(messageSecret);
    }

    @Override
    public String toString() {
        return "Poll[name=" + name + ", options=" + options + ", selectableCount=" + selectableCount + "]";
    }
}
