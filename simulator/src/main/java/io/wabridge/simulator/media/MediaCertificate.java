package io.wabridge.simulator.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The media server's own TLS certificate: self-signed (EC P-256), valid for {@code localhost} and
 * {@code 127.0.0.1}, made once per JVM with the JDK's {@code keytool} (the JDK has no public API to sign a
 * certificate). Clients trust it only when told ({@code MediaTls.trustingPem(certificatePem())}), like the
 * simulator's Noise root key; Node clients take it through {@code NODE_EXTRA_CA_CERTS}.
 */
public final class MediaCertificate {

    private static MediaCertificate shared;

    private final SSLContext sslContext;
    private final X509Certificate certificate;

    private MediaCertificate(SSLContext sslContext, X509Certificate certificate) {
        this.sslContext = sslContext;
        this.certificate = certificate;
    }

    /** The JVM's media certificate, made on first use. */
    public static synchronized MediaCertificate shared() {
        if (shared == null) {
            shared = generate();
        }
        return shared;
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate as PEM text. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MediaCertificate generate() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("wa-media-cert");
            Path store = dir.resolve("media.p12");
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "media", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "BC:c=ca:true", "-validity", "30",
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password,
                    "-keypass", password)
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return new MediaCertificate(context, (X509Certificate) keyStore.getCertificate("media"));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the media server's certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted making the media certificate", e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temp directory left behind is harmless
                }
            }
        }
    }
}
