package io.wabridge.client.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrivacyTokensTest {

    private static final Jid PN = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid LID = Jid.parse("90210123456789@lid");
    private static final long NOW = 1_764_000_000L;

    private final MemoryStoreProvider provider = new MemoryStoreProvider();
    private final AccountStore account = provider.open("acme");
    private final LidMappings lids = new LidMappings("acme", account.lidMappings(), e -> { });
    private final PrivacyTokens tokens = new PrivacyTokens("acme", account.privacyTokens(), lids,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), Duration.ofSeconds(5));

    @AfterEach
    void close() {
        provider.close();
    }

    private static Node notification(String from, String senderLid, long t, byte[]... values) {
        var tokens = Node.builder("tokens");
        for (byte[] v : values) {
            tokens.child(Node.builder("token").attr("jid", "15550001111@s.whatsapp.net").attr("t", t)
                    .attr("type", "trusted_contact").bytes(v).build());
        }
        var n = Node.builder("notification").attr("from", from).attr("type", "privacy_token").attr("id", "1");
        if (senderLid != null) {
            n.attr("sender_lid", senderLid);
        }
        return n.child(tokens.build()).build();
    }

    @Test
    void aReceivedTokenIsKeptUnderTheIssuersLidAndFoundByNumberOrLid() {
        assertEquals(1, tokens.received(notification(PN.toString(), LID.toString(), NOW - 10, new byte[] {1, 2, 3})));
        assertTrue(account.privacyTokens().load(LID.toString()).isPresent(), "kept under the LID the notification named");
        assertArrayEquals(new byte[] {1, 2, 3}, tokens.tokenFor(PN).orElseThrow());
        assertArrayEquals(new byte[] {1, 2, 3}, tokens.tokenFor(LID.withDevice(3)).orElseThrow());
        Node child = tokens.messageChildren(PN).getFirst();
        assertEquals("tctoken", child.tag());
        assertArrayEquals(new byte[] {1, 2, 3}, child.bytes());
    }

    @Test
    void tokensAreReadOnceAndANewerOneReceivedIsServedAtOnce() {
        assertTrue(tokens.tokenFor(PN).isEmpty());
        account.privacyTokens().store(new io.wabridge.client.store.PrivacyToken(PN.toString(), new byte[] {4},
                Instant.ofEpochSecond(NOW - 5))); // behind the client's back: not seen, it asked the store once
        assertTrue(tokens.tokenFor(PN).isEmpty(), "the absent token is kept, not asked again");
        assertEquals(1, tokens.received(notification(PN.toString(), null, NOW - 1, new byte[] {6})));
        assertArrayEquals(new byte[] {6}, tokens.tokenFor(PN).orElseThrow());
        tokens.storeWiped();
        account.privacyTokens().store(new io.wabridge.client.store.PrivacyToken(PN.toString(), new byte[] {7},
                Instant.ofEpochSecond(NOW)));
        assertArrayEquals(new byte[] {7}, tokens.tokenFor(PN).orElseThrow(), "read again after a wipe");
    }

    @Test
    void anOlderTokenDoesNotReplaceANewerOneAndMalformedEntriesAreSkipped() {
        tokens.received(notification(PN.toString(), null, NOW - 10, new byte[] {9}));
        assertEquals(0, tokens.received(notification(PN.toString(), null, NOW - 100, new byte[] {8})));
        assertArrayEquals(new byte[] {9}, tokens.tokenFor(PN).orElseThrow());
        assertEquals(0, tokens.received(notification(PN.toString(), null, NOW, new byte[0])));
        assertEquals(0, tokens.received(notification("120363@g.us", null, NOW, new byte[] {7})));
        assertArrayEquals(new byte[] {9}, tokens.tokenFor(PN).orElseThrow());
    }

    @Test
    void aTokenExpiresAfterFourSevenDayBuckets() {
        long bucketStart = NOW / PrivacyTokens.BUCKET_SECONDS * PrivacyTokens.BUCKET_SECONDS;
        long oldestValid = bucketStart - 3 * PrivacyTokens.BUCKET_SECONDS;
        assertFalse(PrivacyTokens.expired(oldestValid, NOW));
        assertTrue(PrivacyTokens.expired(oldestValid - 1, NOW));
        tokens.received(notification(PN.toString(), null, oldestValid - 1, new byte[] {5}));
        assertTrue(tokens.tokenFor(PN).isEmpty(), "stored but too old to attach");
        assertEquals(List.of(), tokens.messageChildren(PN));
    }

    @Test
    void aSendAsksTheStoreOnceForAContactsTokenAndSeesTheNewerOneItStoresAfterwards() {
        java.util.List<String> reads = new java.util.ArrayList<>();
        io.wabridge.client.store.PrivacyTokenStore store = account.privacyTokens();
        io.wabridge.client.store.PrivacyTokenStore counting = new io.wabridge.client.store.PrivacyTokenStore() {
            @Override
            public java.util.Optional<io.wabridge.client.store.PrivacyToken> load(String jid) {
                reads.add("load " + jid);
                return store.load(jid);
            }

            @Override
            public java.util.Map<String, io.wabridge.client.store.PrivacyToken> loadAll(java.util.Collection<String> jids) {
                reads.add("loadAll " + jids);
                return store.loadAll(jids);
            }

            @Override
            public void store(io.wabridge.client.store.PrivacyToken token) {
                store.store(token);
            }

            @Override
            public void storeAll(java.util.Collection<io.wabridge.client.store.PrivacyToken> all) {
                store.storeAll(all);
            }

            @Override
            public void delete(String jid) {
                store.delete(jid);
            }
        };
        store.store(new io.wabridge.client.store.PrivacyToken(PN.toString(), new byte[] {1}, Instant.ofEpochSecond(NOW - 50)));
        PrivacyTokens cached = new PrivacyTokens("acme", counting, lids,
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new byte[] {1}, cached.tokenFor(PN).orElseThrow());
        }
        assertEquals(List.of("loadAll [" + PN + "]"), reads, "one store read for three sends");

        assertEquals(1, cached.received(notification(PN.toString(), null, NOW - 10, new byte[] {2})));
        assertArrayEquals(new byte[] {2}, cached.tokenFor(PN).orElseThrow(), "the token it stored, without a read");
        assertEquals(1, reads.size(), reads.toString());

        cached.storeWiped(); // the account's store was wiped
        store.delete(PN.toString());
        assertTrue(cached.tokenFor(PN).isEmpty(), "asked again after forget");
        assertEquals(2, reads.size(), reads.toString());
    }
}
