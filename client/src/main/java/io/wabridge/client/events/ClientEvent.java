package io.wabridge.client.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link io.wabridge.client.WaClient} reports about its account. Every event is delivered on the
 * account's session executor, one at a time and in order, so a listener sees a consistent sequence and must not
 * block for long (hand heavy work to another executor).
 */
public sealed interface ClientEvent {

    /** The URL form a phone's camera opens; WhatsApp Web and current references put this around the code. */
    String QR_LINK_PREFIX = "https://wa.me/settings/linked_devices#";

    /** A connection attempt starts ({@code attempt} counts failed attempts since the last stable connection). */
    record Connecting(int attempt) implements ClientEvent {}

    /**
     * A QR code to show until {@code expiresAt}: {@code ref,base64(noisePub),base64(identityPub),base64(advSecret),platform}.
     * {@link #link()} is the same payload in the {@code https://wa.me/settings/linked_devices#} form that current
     * phones scan; a primary accepts either.
     */
    record Qr(String code, Instant expiresAt) implements ClientEvent {
        public Qr {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        public String link() {
            return QR_LINK_PREFIX + code;
        }
    }

    /** The 8-character code to type on the phone (Linked devices, link with phone number). */
    record PairingCode(String code) implements ClientEvent {}

    /** Pairing completed and was stored; the server now restarts the stream and the client logs in. */
    record Paired(String me, String lid, String platform) implements ClientEvent {}

    /** Pairing was refused (bad HMAC, forged signature, malformed stanza, ...); nothing was stored as registered. */
    record PairingFailed(String reason) implements ClientEvent {}

    /** Logged in: the connection is usable. */
    record Open(String me, String lid) implements ClientEvent {}

    /** The server has delivered the offline backlog ({@code <ib><offline count/>}). */
    record OfflineSyncDone(int count) implements ClientEvent {}

    /** One-time prekeys were uploaded ({@code serverCountBefore} is what the server reported, -1 if it asked). */
    record PreKeysUploaded(int count, int firstId, int lastId, int serverCountBefore) implements ClientEvent {}

    /** The signed prekey was rotated to {@code newId}. */
    record SignedPreKeyRotated(int newId) implements ClientEvent {}

    /** The server sent {@code <stream:error>}; {@code detail} names its child (e.g. {@code conflict type=replaced}). */
    record StreamError(String code, String detail) implements ClientEvent {}

    /**
     * The connection ended. {@code willReconnect} tells whether the client retries by itself, after
     * {@code reconnectDelay} (zero: at once; null when it does not).
     */
    record Close(String reason, boolean willReconnect, Duration reconnectDelay) implements ClientEvent {}

    /** The device is no longer linked (server said so, or {@code logout()}); its stored state was wiped. */
    record LoggedOut(String reason) implements ClientEvent {}

    /** A failure that did not end the connection by itself (e.g. a prekey upload the server refused). */
    record Warning(String message) implements ClientEvent {}
}
