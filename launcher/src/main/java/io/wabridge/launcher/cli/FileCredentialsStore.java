package io.wabridge.launcher.cli;

import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.StaleCredentialsException;
import io.wabridge.client.store.Versioned;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/** Credentials in one properties file (binary fields base64), replaced atomically on every versioned save. */
final class FileCredentialsStore implements CredentialsStore {
    private final String sessionId;
    private final PropertiesFile file;

    FileCredentialsStore(String sessionId, PropertiesFile file) {
        this.sessionId = sessionId;
        this.file = file;
    }

    @Override
    public synchronized Optional<Versioned<Credentials>> load() {
        Properties p = file.read();
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Versioned<>(decode(p), Long.parseLong(p.getProperty("version"))));
        } catch (RuntimeException e) {
            throw new PropertiesFile.FileStoreException("corrupt credentials file for session " + sessionId, e);
        }
    }

    @Override
    public synchronized Versioned<Credentials> save(Credentials credentials, long expectedVersion) {
        Objects.requireNonNull(credentials, "credentials");
        if (expectedVersion < ABSENT) {
            throw new IllegalArgumentException("negative expected version " + expectedVersion);
        }
        long stored = load().map(Versioned::version).orElse(ABSENT);
        if (stored != expectedVersion) {
            throw new StaleCredentialsException(sessionId, expectedVersion, stored);
        }
        Properties p = encode(credentials);
        p.setProperty("version", Long.toString(stored + 1));
        file.write(p);
        return new Versioned<>(credentials, stored + 1);
    }

    void delete() {
        file.delete();
    }

    private static Properties encode(Credentials c) {
        Properties p = new Properties();
        put(p, "noise.public", c.noiseKey().publicKey());
        put(p, "noise.private", c.noiseKey().privateKey());
        put(p, "identity.public", c.identityKey().publicKey());
        put(p, "identity.private", c.identityKey().privateKey());
        p.setProperty("registrationId", Integer.toString(c.registrationId()));
        p.setProperty("signedPreKey.id", Integer.toString(c.signedPreKey().id()));
        put(p, "signedPreKey.public", c.signedPreKey().keyPair().publicKey());
        put(p, "signedPreKey.private", c.signedPreKey().keyPair().privateKey());
        put(p, "signedPreKey.signature", c.signedPreKey().signature());
        put(p, "advSecret", c.advSecret());
        putText(p, "me", c.me());
        putText(p, "lid", c.lid());
        putText(p, "platform", c.platform());
        putText(p, "pushName", c.pushName());
        putText(p, "locale", c.locale());
        put(p, "account", c.account());
        put(p, "routingInfo", c.routingInfo());
        put(p, "appStateKeyId", c.appStateKeyId());
        p.setProperty("nextPreKeyId", Integer.toString(c.nextPreKeyId()));
        p.setProperty("firstUnuploadedPreKeyId", Integer.toString(c.firstUnuploadedPreKeyId()));
        p.setProperty("registered", Boolean.toString(c.registered()));
        return p;
    }

    private static Credentials decode(Properties p) {
        return Credentials.builder()
                .noiseKey(new KeyPair(bytes(p, "noise.public"), bytes(p, "noise.private")))
                .identityKey(new KeyPair(bytes(p, "identity.public"), bytes(p, "identity.private")))
                .registrationId(Integer.parseInt(p.getProperty("registrationId")))
                .signedPreKey(new SignedPreKey(Integer.parseInt(p.getProperty("signedPreKey.id")),
                        new KeyPair(bytes(p, "signedPreKey.public"), bytes(p, "signedPreKey.private")),
                        bytes(p, "signedPreKey.signature")))
                .advSecret(bytes(p, "advSecret"))
                .me(p.getProperty("me"))
                .lid(p.getProperty("lid"))
                .platform(p.getProperty("platform"))
                .pushName(p.getProperty("pushName"))
                .locale(p.getProperty("locale"))
                .account(bytes(p, "account"))
                .routingInfo(bytes(p, "routingInfo"))
                .appStateKeyId(bytes(p, "appStateKeyId"))
                .nextPreKeyId(Integer.parseInt(p.getProperty("nextPreKeyId")))
                .firstUnuploadedPreKeyId(Integer.parseInt(p.getProperty("firstUnuploadedPreKeyId")))
                .registered(Boolean.parseBoolean(p.getProperty("registered")))
                .build();
    }

    private static void put(Properties p, String key, byte[] value) {
        if (value != null) {
            p.setProperty(key, Base64.getEncoder().encodeToString(value));
        }
    }

    private static void putText(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }

    private static byte[] bytes(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null ? null : Base64.getDecoder().decode(value);
    }
}
