package io.wabridge.client.auth;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignedPreKey;
import java.security.SecureRandom;

/** Fresh, unregistered credentials for a device that has never paired. */
public final class CredentialsFactory {
    /** The signed prekey a new device registers with (the references start at 1). */
    public static final int FIRST_SIGNED_PRE_KEY_ID = 1;

    private CredentialsFactory() {}

    public static Credentials create(SecureRandom random, String pushName) {
        KeyPair identity = keyPair(X25519.generateKeyPair());
        byte[] advSecret = new byte[Credentials.ADV_SECRET_LENGTH];
        random.nextBytes(advSecret);
        return Credentials.builder()
                .noiseKey(keyPair(X25519.generateKeyPair()))
                .identityKey(identity)
                .registrationId(registrationId(random))
                .signedPreKey(signedPreKey(identity, FIRST_SIGNED_PRE_KEY_ID))
                .advSecret(advSecret)
                .pushName(pushName)
                .build();
    }

    /** A random 14-bit Signal registration id, never 0 (libsignal treats 0 as "unset"). */
    static int registrationId(SecureRandom random) {
        return 1 + random.nextInt(Credentials.MAX_REGISTRATION_ID);
    }

    /**
     * A new signed prekey: its 0x05-prefixed public key (Signal's serialized form) XEdDSA-signed by the identity key.
     */
    /**
     * {@link #create}, with the signed prekey's record (and its creation time) stored first: credentials naming a key
     * the store lacks would be worse than an orphan record, which the next create simply overwrites. A store round
     * trip: run it on the store I/O executor.
     */
    public static Credentials createStored(SecureRandom random, String pushName,
                                           io.wabridge.client.store.SignedPreKeyStore records, java.time.Clock clock) {
        Credentials fresh = create(random, pushName);
        records.store(fresh.signedPreKey().id(), io.wabridge.client.signal.store.PreKeyRecords
                .signedPreKeyRecordBytes(fresh.signedPreKey(), clock.millis()));
        return fresh;
    }

    public static SignedPreKey signedPreKey(KeyPair identity, int id) {
        KeyPair pair = keyPair(X25519.generateKeyPair());
        byte[] signature = XEdDsa.sign(identity.privateKey(), XEdDsa.withTypePrefix(pair.publicKey()));
        return new SignedPreKey(id, pair, signature);
    }

    public static KeyPair keyPair(X25519KeyPair pair) {
        return new KeyPair(pair.publicKey(), pair.privateKey());
    }

    public static X25519KeyPair x25519(KeyPair pair) {
        return new X25519KeyPair(pair.privateKey(), pair.publicKey());
    }
}
