/**
 * WhatsApp media, along the data flow: crypto (per-message media keys, their HKDF expansion per
 * {@link io.wabridge.client.media.MediaType}, streaming AES-256-CBC + truncated HMAC-SHA256 in both directions with a
 * fixed buffer: {@link io.wabridge.client.media.MediaEncryptingInputStream},
 * {@link io.wabridge.client.media.MediaDecryptingInputStream}, {@link io.wabridge.client.media.MediaCrypto}), transfer
 * ({@link io.wabridge.client.media.MediaConn} and its cache, HTTPS upload and download with host fallback, limits and
 * timeouts in {@link io.wabridge.client.media.MediaTransfer}, trust in {@link io.wabridge.client.media.MediaTls}),
 * re-upload requests ({@link io.wabridge.client.media.MediaRetry}) and image facts
 * ({@link io.wabridge.client.media.MediaProcessor}). Crypto, transfer and processor are shared by every session of a
 * worker; {@link io.wabridge.client.media.MediaSession} is the one small per-account coordinator
 * ({@code WaClient.media()}). The message kinds are {@code message.content.Media}; the blob store is the bridge's.
 */
package io.wabridge.client.media;
