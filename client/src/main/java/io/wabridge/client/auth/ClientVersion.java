package io.wabridge.client.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The WhatsApp Web version this client claims ({@code primary.secondary.tertiary}). The server refuses versions it
 * considers too old with 405, so it must be configurable; the registration payload carries MD5 of its text form.
 */
public record ClientVersion(int primary, int secondary, int tertiary) {

    /** What Baileys 7.0.0-rc14 sends. */
    public static final ClientVersion DEFAULT = new ClientVersion(2, 3000, 1043857760);

    public ClientVersion {
        if (primary < 0 || secondary < 0 || tertiary < 0) {
            throw new IllegalArgumentException("negative version part: " + primary + "." + secondary + "." + tertiary);
        }
    }

    /** Parses {@code 2.3000.1043857760}; parts are unsigned 32-bit in the payload, so at most 2^31-1 here. */
    public static ClientVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("client version must be three dot-separated numbers: '" + text + "'");
        }
        try {
            return new ClientVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("client version must be three dot-separated numbers: '" + text + "'", e);
        }
    }

    /** MD5 of the dotted text, the registration payload's {@code buildHash}. */
    public byte[] buildHash() {
        try {
            return MessageDigest.getInstance("MD5").digest(toString().getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return primary + "." + secondary + "." + tertiary;
    }
}
