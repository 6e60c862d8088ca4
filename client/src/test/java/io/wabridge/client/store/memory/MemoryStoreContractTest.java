package io.wabridge.client.store.memory;

import io.wabridge.client.store.StoreContractTest;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.StoreSettings;

class MemoryStoreContractTest extends StoreContractTest {

    @Override
    protected StoreProvider newProvider(StoreSettings settings) {
        return new MemoryStoreProvider(settings);
    }
}
