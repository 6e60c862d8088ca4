package io.wabridge.client;

import io.wabridge.client.appstate.AppStateSettings;
import io.wabridge.client.auth.ClientProfile;
import io.wabridge.client.auth.QrSettings;
import io.wabridge.client.history.HistorySettings;
import io.wabridge.client.lifecycle.ReconnectPolicy;
import io.wabridge.client.login.PreKeySettings;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.stanza.KeepAlive;
import io.wabridge.client.transport.TransportConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How one {@link WaClient} connects and behaves. Immutable; start from {@link #defaults()} (WhatsApp's server and
 * certificate root, Baileys 7's client version) and adjust with the {@code with...} methods.
 *
 * @param transport     URL, timeouts, proxy, dictionary version
 * @param verifier      the Noise certificate root to trust (WhatsApp's, or a test server's)
 * @param profile       client version, browser/OS shown on the phone, locale, login flags
 * @param pushName      our display name sent at registration, nullable
 * @param qr            QR code lifetimes
 * @param preKeys       prekey thresholds, batch sizes, signed prekey rotation
 * @param reconnect     the reconnect policy (on by default)
 * @param keepAlive     keepalive ping timings
 * @param logoutTimeout how long logout() waits for the server to confirm the device removal
 * @param messaging     send timeouts, retry limits, device cache, receive batching
 * @param media         media size limits, timeouts, hosts' TLS trust (see {@link io.wabridge.client.media.MediaSettings})
 * @param history       history sync scope asked for at pairing, part sizes (see {@link HistorySettings})
 * @param appState      app-state sync: the retry of a collection whose changes could not be stored (see
 *                      {@link AppStateSettings})
 */
public record WaClientConfig(TransportConfig transport, NoiseCertificateVerifier verifier, ClientProfile profile,
                             String pushName, QrSettings qr, PreKeySettings preKeys, ReconnectPolicy reconnect,
                             KeepAlive.Settings keepAlive, Duration logoutTimeout,
                             MessagingSettings messaging, io.wabridge.client.media.MediaSettings media,
                             HistorySettings history, AppStateSettings appState) {

    public WaClientConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(qr, "qr");
        Objects.requireNonNull(preKeys, "preKeys");
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(logoutTimeout, "logoutTimeout");
        Objects.requireNonNull(messaging, "messaging");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(appState, "appState");
    }

    public static WaClientConfig defaults() {
        return new WaClientConfig(TransportConfig.defaults(), NoiseCertificateVerifier.whatsapp(), ClientProfile.defaults(),
                null, QrSettings.DEFAULTS, PreKeySettings.DEFAULTS, ReconnectPolicy.DEFAULTS, KeepAlive.Settings.DEFAULTS,
                Duration.ofSeconds(10), MessagingSettings.DEFAULTS,
                io.wabridge.client.media.MediaSettings.DEFAULTS, HistorySettings.DEFAULTS, AppStateSettings.DEFAULTS);
    }

    public WaClientConfig withTransport(TransportConfig v) {
        return new WaClientConfig(v, verifier, profile, pushName, qr, preKeys, reconnect, keepAlive, logoutTimeout, messaging, media, history, appState);
    }

    public WaClientConfig withVerifier(NoiseCertificateVerifier v) {
        return new WaClientConfig(transport, v, profile, pushName, qr, preKeys, reconnect, keepAlive, logoutTimeout, messaging, media, history, appState);
    }

    public WaClientConfig withProfile(ClientProfile v) {
        return new WaClientConfig(transport, verifier, v, pushName, qr, preKeys, reconnect, keepAlive, logoutTimeout, messaging, media, history, appState);
    }

    public WaClientConfig withPushName(String v) {
        return new WaClientConfig(transport, verifier, profile, v, qr, preKeys, reconnect, keepAlive, logoutTimeout, messaging, media, history, appState);
    }

    public WaClientConfig withQr(QrSettings v) {
        return new WaClientConfig(transport, verifier, profile, pushName, v, preKeys, reconnect, keepAlive, logoutTimeout, messaging, media, history, appState);
    }

    public WaClientConfig withPreKeys(PreKeySettings v) {
        return new WaClientConfig(transport, verifier, profile, pushName, qr, v, reconnect, keepAlive, logoutTimeout, messaging, media, history, appState);
    }

    public WaClientConfig withReconnect(ReconnectPolicy v) {
        return new WaClientConfig(transport, verifier, profile, pushName, qr, preKeys, v, keepAlive, logoutTimeout, messaging, media, history, appState);
    }

    public WaClientConfig withKeepAlive(KeepAlive.Settings v) {
        return new WaClientConfig(transport, verifier, profile, pushName, qr, preKeys, reconnect, v, logoutTimeout, messaging, media, history, appState);
    }

    public WaClientConfig withLogoutTimeout(Duration v) {
        return new WaClientConfig(transport, verifier, profile, pushName, qr, preKeys, reconnect, keepAlive, v, messaging, media, history, appState);
    }

    public WaClientConfig withMessaging(MessagingSettings v) {
        return new WaClientConfig(transport, verifier, profile, pushName, qr, preKeys, reconnect, keepAlive, logoutTimeout, v, media, history, appState);
    }

    public WaClientConfig withMedia(io.wabridge.client.media.MediaSettings v) {
        return new WaClientConfig(transport, verifier, profile, pushName, qr, preKeys, reconnect, keepAlive, logoutTimeout,
                messaging, v, history, appState);
    }

    public WaClientConfig withHistory(HistorySettings v) {
        return new WaClientConfig(transport, verifier, profile, pushName, qr, preKeys, reconnect, keepAlive, logoutTimeout,
                messaging, media, v, appState);
    }

    public WaClientConfig withAppState(AppStateSettings v) {
        return new WaClientConfig(transport, verifier, profile, pushName, qr, preKeys, reconnect, keepAlive, logoutTimeout,
                messaging, media, history, v);
    }
}
