package io.wabridge.client.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Privacy tokens by contact JID. */
public interface PrivacyTokenStore {

    Optional<PrivacyToken> load(String jid);

    /** jid -> token for the {@code jids} that have one (one round trip). */
    Map<String, PrivacyToken> loadAll(Collection<String> jids);

    void store(PrivacyToken token);

    void storeAll(Collection<PrivacyToken> tokens);

    void delete(String jid);
}
