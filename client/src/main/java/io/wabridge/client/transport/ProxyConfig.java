package io.wabridge.client.transport;

/** An outbound proxy for the WebSocket connection; username/password may be null. */
public record ProxyConfig(Type type, String host, int port, String username, String password) {

    public enum Type { HTTP, SOCKS5 }

    public static ProxyConfig http(String host, int port) {
        return new ProxyConfig(Type.HTTP, host, port, null, null);
    }

    public static ProxyConfig socks5(String host, int port) {
        return new ProxyConfig(Type.SOCKS5, host, port, null, null);
    }

    public ProxyConfig withCredentials(String username, String password) {
        return new ProxyConfig(type, host, port, username, password);
    }

    @Override
    public String toString() {
        return type + " proxy " + host + ":" + port + (username == null ? "" : " (user " + username + ")");
    }
}
