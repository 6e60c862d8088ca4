package io.wabridge.client.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of encrypted blob WhatsApp transfers, each with the HKDF {@code info} string its media key is expanded
 * with. Several kinds share keys: sticker, product and business cover photo use the image keys, gif and ptv the
 * video keys, ptt the audio keys (facts from whatsmeow {@code download.go} / {@code mediatype} constants and Baileys
 * {@code MEDIA_HKDF_KEY_MAPPING}; checked against Baileys 6 and 7 by the conformance suite).
 *
 * <p>{@link #baileysName()} is the key Baileys uses for the type ({@code "ptt"}, {@code "md-msg-hist"}, ...);
 * {@link #mmsType()} is the {@code mms-type} WhatsApp's media hosts know the blob by (upload path
 * {@code /mms/<mmsType>}, as whatsmeow builds it), for the transfer layer.
 */
public enum MediaType {
    IMAGE("image", "Image", "image"),
    VIDEO("video", "Video", "video"),
    AUDIO("audio", "Audio", "audio"),
    DOCUMENT("document", "Document", "document"),
    STICKER("sticker", "Image", "image"),
    GIF("gif", "Video", "video"),
    /** Voice note (push to talk). */
    PTT("ptt", "Audio", "audio"),
    /** Round video note (push to video). */
    PTV("ptv", "Video", "video"),
    PRODUCT("product", "Image", "image"),
    BIZ_COVER_PHOTO("biz-cover-photo", "Image", "image"),
    THUMBNAIL_IMAGE("thumbnail-image", "Image Thumbnail", "thumbnail-image"),
    THUMBNAIL_VIDEO("thumbnail-video", "Video Thumbnail", "thumbnail-video"),
    THUMBNAIL_DOCUMENT("thumbnail-document", "Document Thumbnail", "thumbnail-document"),
    THUMBNAIL_LINK("thumbnail-link", "Link Thumbnail", "thumbnail-link"),
    /** History sync blob ({@code HistorySyncNotification}). */
    HISTORY("md-msg-hist", "History", "md-msg-hist"),
    /** App state external blob (patches and snapshots too large to inline). */
    APP_STATE("md-app-state", "App State", "md-app-state"),
    PAYMENT_BACKGROUND("payment-bg-image", "Payment Background", "payment-bg-image"),
    /** Sticker pack (whatsmeow only; Baileys has no entry for it). */
    STICKER_PACK(null, "Sticker Pack", "sticker-pack");

    private final String baileysName;
    private final String hkdfInfo;
    private final byte[] hkdfInfoBytes;
    private final String mmsType;

    MediaType(String baileysName, String keyFamily, String mmsType) {
        this.baileysName = baileysName;
        this.hkdfInfo = "WhatsApp " + keyFamily + " Keys";
        this.hkdfInfoBytes = hkdfInfo.getBytes(StandardCharsets.UTF_8);
        this.mmsType = mmsType;
    }

    /** The HKDF info string, e.g. {@code "WhatsApp Image Keys"}. */
    public String hkdfInfo() {
        return hkdfInfo;
    }

    byte[] hkdfInfoBytes() {
        return hkdfInfoBytes.clone();
    }

    /** Baileys' name for the type, empty for a type Baileys does not know. */
    public Optional<String> baileysName() {
        return Optional.ofNullable(baileysName);
    }

    /** WhatsApp's {@code mms-type} for the media hosts. */
    public String mmsType() {
        return mmsType;
    }

    /** True when both types expand a media key to the same keys (the same HKDF info). */
    public boolean sharesKeysWith(MediaType other) {
        return hkdfInfo.equals(other.hkdfInfo);
    }

    /**
     * The type for a Baileys-style name ({@code "ptt"}, {@code "thumbnail-link"}) or an enum name in any case
     * ({@code "sticker_pack"}); empty when unknown.
     */
    public static Optional<MediaType> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (MediaType type : values()) {
            if (name.equals(type.baileysName) || type.name().equalsIgnoreCase(name.replace('-', '_'))) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type a media message kind is encrypted and uploaded as. */
    public static MediaType of(io.wabridge.client.message.content.MediaKind kind) {
        return switch (kind) {
            case IMAGE -> IMAGE;
            case VIDEO -> VIDEO;
            case GIF -> GIF;
            case AUDIO -> AUDIO;
            case PTT -> PTT;
            case DOCUMENT -> DOCUMENT;
            case STICKER -> STICKER;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
