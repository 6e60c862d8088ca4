package io.wabridge.client.store.encryption;

import io.wabridge.client.store.StoreContractTest;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.security.SecureRandom;
import java.util.List;

/** The encrypting decorator keeps every behaviour of the store contract (here over the memory backend). */
class EncryptedStoreContractTest extends StoreContractTest {

    @Override
    protected StoreProvider newProvider(StoreSettings settings) {
        byte[] key = new byte[MasterKey.LENGTH];
        new SecureRandom().nextBytes(key);
        return new EncryptedStoreProvider(new MemoryStoreProvider(settings), new Keyring(List.of(new MasterKey("test", key))),
                PlaintextPolicy.REFUSE);
    }
}
