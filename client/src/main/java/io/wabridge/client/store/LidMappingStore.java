package io.wabridge.client.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * LID &lt;-&gt; phone-number mappings, looked up both ways. A mapping is one-to-one: storing {@code lid -> pn}
 * drops any older mapping of that lid to another pn, and of that pn to another lid.
 */
public interface LidMappingStore {

    void store(LidPnMapping mapping);

    void storeAll(Collection<LidPnMapping> mappings);

    Optional<String> lidForPn(String pn);

    Optional<String> pnForLid(String lid);

    /** pn -> lid for the {@code pns} that have a mapping (one round trip). */
    Map<String, String> lidsForPns(Collection<String> pns);

    /** lid -> pn for the {@code lids} that have a mapping (one round trip). */
    Map<String, String> pnsForLids(Collection<String> lids);
}
