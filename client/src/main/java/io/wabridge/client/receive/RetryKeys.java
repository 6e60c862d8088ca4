package io.wabridge.client.receive;

import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.auth.ClientPayloadFactory;
import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.signal.store.PreKeyRecords;
import io.wabridge.client.binary.Node;
import io.wabridge.client.login.PreKeyUploader;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.PreKeyStore;
import java.util.Map;

/**
 * The {@code <keys>} a retry receipt carries so the sender can start a new session without asking the server:
 * {@code <type>05</type><identity/><key>fresh one-time prekey</key><skey/><device-identity/>}. The prekey is
 * generated here, outside the batch uploads (its id is taken from the credentials' next id), and stored behind with
 * the credentials' save ({@link CredentialsCell#save(Credentials, Runnable)}): the caller must not send the receipt
 * before {@link CredentialsCell#stored()} completes.
 */
public final class RetryKeys {

    private final CredentialsCell credentials;
    private final PreKeyStore preKeys;

    public RetryKeys(CredentialsCell credentials, PreKeyStore preKeys) {
        this.credentials = credentials;
        this.preKeys = preKeys;
    }

    public Node next() {
        Credentials c = credentials.get();
        int id = c.nextPreKeyId();
        PreKeyRecords.GeneratedPreKey key = PreKeyRecords.generatePreKey(id);
        Credentials.Builder next = c.toBuilder().nextPreKeyId(id + 1);
        if (c.firstUnuploadedPreKeyId() == id) {
            next.firstUnuploadedPreKeyId(id + 1); // handed out directly: never needs an upload
        }
        byte[] record = key.record();
        // Stored behind, on the store I/O executor: the prekey first, then the credentials naming the next id. The
        // receipt that hands it out leaves with its batch's replies, once the credentials are stored (the pipeline's
        // alsoStored), so a crash before that hands nothing out and reusing the id is harmless.
        c = credentials.save(next.build(), () -> preKeys.storeAll(Map.of(id, record)));
        return Node.builder("keys").children(
                Node.builder("type").bytes(new byte[] {0x05}).build(),
                Node.builder("identity").bytes(c.identityKey().publicKey()).build(),
                Node.builder("key").children(
                        Node.builder("id").bytes(BigEndian.bytes(id, 3)).build(),
                        Node.builder("value").bytes(key.publicKey()).build()).build(),
                PreKeyUploader.signedPreKeyNode(c.signedPreKey()),
                Node.builder("device-identity").bytes(c.account()).build()).build();
    }
}
