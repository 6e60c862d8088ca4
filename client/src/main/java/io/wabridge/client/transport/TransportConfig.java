package io.wabridge.client.transport;

import java.net.URI;
import java.time.Duration;

/**
 * How a client connection reaches the server. Immutable; start from {@link #defaults()} and adjust.
 *
 * @param url               WebSocket URL (ws:// or wss://)
 * @param origin            value of the Origin header
 * @param connectTimeout    TCP (and proxy) connect timeout
 * @param handshakeTimeout  budget from channel creation to an established Noise session (connect, upgrade, handshake)
 * @param proxy             outbound proxy, or null
 * @param dictionaryVersion DV byte of the WA header (3 = current WhatsApp Web)
 * @param routingInfo       edge routing info from a previous connection, or null
 * @param maxFrameSize      largest noise frame accepted or sent
 */
public record TransportConfig(URI url, String origin, Duration connectTimeout, Duration handshakeTimeout,
                              ProxyConfig proxy, int dictionaryVersion, byte[] routingInfo, int maxFrameSize) {

    public static final URI DEFAULT_URL = URI.create("wss://web.whatsapp.com/ws/chat");
    public static final String DEFAULT_ORIGIN = "https://web.whatsapp.com";
    public static final int DEFAULT_MAX_FRAME_SIZE = 8 << 20;

    public TransportConfig {
        String scheme = url.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("WebSocket URL must be ws:// or wss://: " + url);
        }
        WaHeader.checkVersion(dictionaryVersion);
    }

    public static TransportConfig defaults() {
        return new TransportConfig(DEFAULT_URL, DEFAULT_ORIGIN, Duration.ofSeconds(20), Duration.ofSeconds(20), null,
                WaHeader.DEFAULT_DICTIONARY_VERSION, null, DEFAULT_MAX_FRAME_SIZE);
    }

    public TransportConfig withUrl(URI url) {
        return new TransportConfig(url, origin, connectTimeout, handshakeTimeout, proxy, dictionaryVersion, routingInfo, maxFrameSize);
    }

    public TransportConfig withUrl(String url) {
        return withUrl(URI.create(url));
    }

    public TransportConfig withOrigin(String origin) {
        return new TransportConfig(url, origin, connectTimeout, handshakeTimeout, proxy, dictionaryVersion, routingInfo, maxFrameSize);
    }

    public TransportConfig withConnectTimeout(Duration timeout) {
        return new TransportConfig(url, origin, timeout, handshakeTimeout, proxy, dictionaryVersion, routingInfo, maxFrameSize);
    }

    public TransportConfig withHandshakeTimeout(Duration timeout) {
        return new TransportConfig(url, origin, connectTimeout, timeout, proxy, dictionaryVersion, routingInfo, maxFrameSize);
    }

    public TransportConfig withProxy(ProxyConfig proxy) {
        return new TransportConfig(url, origin, connectTimeout, handshakeTimeout, proxy, dictionaryVersion, routingInfo, maxFrameSize);
    }

    public TransportConfig withDictionaryVersion(int version) {
        return new TransportConfig(url, origin, connectTimeout, handshakeTimeout, proxy, version, routingInfo, maxFrameSize);
    }

    public TransportConfig withRoutingInfo(byte[] routingInfo) {
        return new TransportConfig(url, origin, connectTimeout, handshakeTimeout, proxy, dictionaryVersion,
                routingInfo == null ? null : routingInfo.clone(), maxFrameSize);
    }

    public TransportConfig withMaxFrameSize(int maxFrameSize) {
        return new TransportConfig(url, origin, connectTimeout, handshakeTimeout, proxy, dictionaryVersion, routingInfo, maxFrameSize);
    }

    boolean secure() {
        return "wss".equals(url.getScheme());
    }

    int port() {
        return url.getPort() != -1 ? url.getPort() : secure() ? 443 : 80;
    }
}
