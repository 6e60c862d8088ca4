package io.wabridge.simulator.pairing;

import java.util.Base64;
import java.util.Locale;

/**
 * What a companion's linking QR code carries: {@code ref,noisePub,identityPub,advSecret[,platform]}, either bare
 * (Baileys 6) or behind {@code https://wa.me/settings/linked_devices#} (WhatsApp Web, whatsmeow, Baileys 7). The
 * keys are base64, standard or url-safe, padded or not.
 *
 * @param ref        the pairing ref the server gave that connection
 * @param noiseKey   the companion's Noise static public key (32 bytes)
 * @param identityKey the companion's Signal identity public key (32 bytes)
 * @param advSecret  the secret the phone keys the pair-success HMAC with (32 bytes)
 * @param platform   the client type code (e.g. "1" Chrome), or null when absent
 */
public record PairingQr(String ref, byte[] noiseKey, byte[] identityKey, byte[] advSecret, String platform) {

    static final String LINK_PREFIX = "https://wa.me/settings/linked_devices#";
    private static final int KEY_LENGTH = 32;

    public PairingQr {
        noiseKey = noiseKey.clone();
        identityKey = identityKey.clone();
        advSecret = advSecret.clone();
    }

    /**
     * Parses a QR string.
     *
     * @throws InvalidQrException naming the field that is missing or malformed
     */
    public static PairingQr parse(String qr) {
        if (qr == null || qr.isBlank()) {
            throw new InvalidQrException("QR code is empty");
        }
        String data = qr.strip();
        if (data.regionMatches(true, 0, "http://", 0, 7) || data.regionMatches(true, 0, "https://", 0, 8)) {
            int hash = data.indexOf('#');
            if (hash < 0 || !data.substring(0, hash + 1).toLowerCase(Locale.ROOT).endsWith("/settings/linked_devices#")) {
                throw new InvalidQrException("QR link is not a linked-devices link (expected " + LINK_PREFIX + "...)");
            }
            data = data.substring(hash + 1);
        }
        String[] fields = data.split(",", -1);
        if (fields.length != 4 && fields.length != 5) {
            throw new InvalidQrException("QR code has " + fields.length
                    + " comma-separated fields; expected ref,noise,identity,adv[,platform]");
        }
        String ref = fields[0];
        if (ref.isEmpty()) {
            throw new InvalidQrException("QR code has an empty ref");
        }
        byte[] noise = key(fields[1], "noise key");
        byte[] identity = key(fields[2], "identity key");
        byte[] adv = key(fields[3], "adv secret");
        String platform = fields.length == 5 && !fields[4].isEmpty() ? fields[4] : null;
        return new PairingQr(ref, noise, identity, adv, platform);
    }

    /** The bare form {@code ref,noise,identity,adv[,platform]} with standard base64. */
    public String format() {
        Base64.Encoder b64 = Base64.getEncoder();
        String base = ref + "," + b64.encodeToString(noiseKey) + "," + b64.encodeToString(identityKey) + ","
                + b64.encodeToString(advSecret);
        return platform == null ? base : base + "," + platform;
    }

    @Override
    public byte[] noiseKey() {
        return noiseKey.clone();
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    @Override
    public byte[] advSecret() {
        return advSecret.clone();
    }

    private static byte[] key(String field, String what) {
        if (field.isEmpty()) {
            throw new InvalidQrException("QR code has an empty " + what);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(toStandardPadded(field));
        } catch (IllegalArgumentException e) {
            throw new InvalidQrException("QR " + what + " is not base64: " + e.getMessage());
        }
        if (decoded.length != KEY_LENGTH) {
            throw new InvalidQrException("QR " + what + " must be " + KEY_LENGTH + " bytes, got " + decoded.length);
        }
        return decoded;
    }

    /** Url-safe to standard alphabet, padding restored, so one decoder takes every spelling. */
    private static String toStandardPadded(String field) {
        String standard = field.replace('-', '+').replace('_', '/');
        int remainder = standard.length() % 4;
        if (remainder == 1) {
            throw new IllegalArgumentException("impossible length " + field.length());
        }
        return remainder == 0 ? standard : standard + "=".repeat(4 - remainder);
    }
}
