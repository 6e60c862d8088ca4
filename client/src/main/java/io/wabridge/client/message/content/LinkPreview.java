package io.wabridge.client.message.content;

/** A link preview on a text (any field may be null). */
public record LinkPreview(String matchedText, String canonicalUrl, String title, String description) {
}
