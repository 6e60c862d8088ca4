/**
 * WhatsApp media crypto: per-message media keys, their HKDF expansion per {@link io.wabridge.client.media.MediaType},
 * and streaming AES-256-CBC + truncated HMAC-SHA256 in both directions with a fixed buffer
 * ({@link io.wabridge.client.media.MediaEncryptingInputStream}, {@link io.wabridge.client.media.MediaDecryptingInputStream},
 * coordinated by {@link io.wabridge.client.media.MediaCrypto}). Stateless and thread-confined per stream: one
 * stream object per transfer, no shared mutable state, so one instance of nothing is needed per session.
 * Transfer (media_conn, HTTP upload/download), message kinds and the blob store build on top of this package.
 */
package io.wabridge.client.media;
