package io.wabridge.client.media;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificates the media hosts may present. {@link #system()} (the default) trusts the JDK's CA certificates,
 * as WhatsApp's hosts need; {@link #trusting} trusts only the given certificates (a test server such as the
 * simulator's media server), never in addition to the system CAs, the way the Noise root key is configured.
 * Hostnames are always verified.
 */
public final class MediaTls {

    private final List<X509Certificate> trusted;

    private MediaTls(List<X509Certificate> trusted) {
        this.trusted = trusted;
    }

    public static MediaTls system() {
        return new MediaTls(List.of());
    }

    /** Trusts only these certificates (self-signed server certificates or CAs). */
    public static MediaTls trusting(Collection<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate to trust");
        }
        return new MediaTls(List.copyOf(certificates));
    }

    /** Trusts only the certificates of a PEM text ({@code -----BEGIN CERTIFICATE-----} blocks). */
    public static MediaTls trustingPem(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certs = factory.generateCertificates(
                            new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(c -> (X509Certificate) c).toList();
            return trusting(certs);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    public boolean isSystem() {
        return trusted.isEmpty();
    }

    /** The TLS context for connections to the media hosts. */
    public SSLContext sslContext() {
        try {
            if (trusted.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("trusted-" + i, trusted.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the media TLS context", e);
        }
    }

    @Override
    public String toString() {
        return trusted.isEmpty() ? "MediaTls[system CAs]" : "MediaTls[" + trusted.size() + " configured certificate(s)]";
    }
}
