package io.wabridge.client.message.content;

import java.util.Locale;
import java.util.Optional;

/**
 * The media message kinds WhatsApp clients send, each with the protobuf field it travels in, the {@code mediatype}
 * attribute of its {@code <enc>} and the mimetype assumed when a sender gives none (Baileys' defaults).
 */
public enum MediaKind {
    IMAGE("image", "image/jpeg"),
    VIDEO("video", "video/mp4"),
    /** A short looping video without sound ({@code videoMessage.gifPlayback}). */
    GIF("gif", "video/mp4"),
    AUDIO("audio", "audio/mpeg"),
    /** Voice note ({@code audioMessage.ptt}), with a waveform. */
    PTT("ptt", "audio/ogg; codecs=opus"),
    DOCUMENT("document", "application/octet-stream"),
    STICKER("sticker", "image/webp");

    private final String wireName;
    private final String defaultMimetype;

    MediaKind(String wireName, String defaultMimetype) {
        this.wireName = wireName;
        this.defaultMimetype = defaultMimetype;
    }

    /** The {@code mediatype} attribute of the message's {@code <enc>} ({@code image}, {@code ptt}, ...). */
    public String wireName() {
        return wireName;
    }

    public String defaultMimetype() {
        return defaultMimetype;
    }

    /** The kind for its wire name or enum name, any case; empty when unknown. */
    public static Optional<MediaKind> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (MediaKind kind : values()) {
            if (kind.wireName.equalsIgnoreCase(name) || kind.name().equalsIgnoreCase(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
