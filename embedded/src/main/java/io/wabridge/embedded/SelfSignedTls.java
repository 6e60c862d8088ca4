package io.wabridge.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A server key and self-signed certificate (EC P-256, valid for {@code 127.0.0.1} and {@code localhost}) in a PKCS12
 * key store, made with the JDK's {@code keytool} (the JDK has no public API to sign a certificate), for the in-process
 * broker's TLS listener. Clients trust exactly this certificate ({@link #certificatePem()}).
 */
record SelfSignedTls(Path keyStore, String password, String certificatePem) {

    static SelfSignedTls create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path store = dir.resolve("broker.p12");
            Files.deleteIfExists(store);
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "broker", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "30", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", password, "-keypass", password)
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, password.toCharArray());
            }
            Certificate cert = ks.getCertificate("broker");
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----";
            return new SelfSignedTls(store, password, pem);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the broker's TLS certificate in " + dir + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the broker's TLS certificate", e);
        }
    }
}
