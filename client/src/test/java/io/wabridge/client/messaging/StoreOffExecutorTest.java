package io.wabridge.client.messaging;

import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClientConfig;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.StoreCalls;
import io.wabridge.client.testing.TestPhone;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Which store calls the client still makes on the session's executor, flow by flow: pairing and login (with the
 * first prekey upload), a pkmsg and a message received from a contact, a LID mapping learnt from a message, a send,
 * a prekey top-up, logout. Every store call is recorded with where it ran ({@link StoreCalls}); the test fails when
 * a flow's set of executor calls is not exactly the one listed here, so a new blocking call shows up, and so does one
 * moved off. A message's path (LID mappings, chats and contacts, Signal records) reads ahead and writes behind. The listing for the whole client suite: run it with {@code -Dwabridge.test.storeCalls=<file>}.
 */
class StoreOffExecutorTest {

    /**
     * What stays on the executor, and why (README "PostgreSQL backend", "What still runs on the executor"):
     * <ul>
     * <li>pairing and login, once per account or connection: credentials loaded, created and saved, the pairing's
     * identity, our own LID mapping, the signed prekey rotation's check, the app-state key check, the first prekey
     * upload (the keys must be stored before the server hands them out);</li>
     * <li>(a session this account flushed itself is kept in memory; the read ahead only checks, off the executor,
     * that the store still has it: MongoDB's and PostgreSQL's stores answer from their known addresses)</li>
     * <li>the first 1:1 send to a contact: its privacy token ({@code PrivacyTokens} keeps them once read);</li>
     * <li>the prekey top-up (once per consumed batch of prekeys) and logout's wipe.</li>
     * </ul>
     */
    private static final Map<String, Set<String>> EXPECTED = expected();

    private static Map<String, Set<String>> expected() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("pairing and login", Set.of("appStateKeys.latest", "credentials.load", "credentials.save",
                "identities.save", "lidMappings.lidsForPns", "preKeys.loadAll", "preKeys.storeAll",
                "signedPreKeys.load", "signedPreKeys.store"));
        m.put("pkmsg received", Set.of());
        m.put("message received", Set.of());
        m.put("LID mapping learnt from a message", Set.of());
        m.put("send", Set.of("privacyTokens.loadAll"));
        m.put("second send", Set.of());
        m.put("prekey top-up", Set.of("credentials.save", "preKeys.loadAll", "preKeys.storeAll"));
        m.put("logout", Set.of("wipe"));
        return m;
    }

    private final StoreCalls calls = new StoreCalls();
    private final List<StoreCalls.Call> all = new java.util.ArrayList<>();

    @Test
    void theMainFlowsMakeNoStoreCallOnTheExecutorButTheListedOnes() throws Exception {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        MessagingFixture f = new MessagingFixture(new ClientHarness(WaClientConfig.defaults(), new TestPhone(),
                "test-account", calls::watch));
        f.login();
        found.put("pairing and login", phase());

        f.startSession(f.bob0, 0);
        f.deliverText(f.bob0, "one");
        found.put("pkmsg received", phase());

        f.deliverText(f.bob0, "two");
        found.put("message received", phase());

        f.connection().send(f.incoming(f.bob0, "IN-lid", f.encrypt(f.bob0,
                io.wabridge.proto.wa.Message.newBuilder().setConversation("three").build())).toBuilder()
                .attr("sender_lid", "90210123456789@lid").build());
        assertTrue(f.events(ClientEvent.LidMappingLearned.class).stream()
                .anyMatch(l -> l.lid().toString().equals("90210123456789@lid")), f.h.events.toString());
        found.put("LID mapping learnt from a message", phase());

        f.h.client.sendMessage(BOB, new Text("reply"), "cmd-1").get();
        found.put("send", phase());

        f.h.client.sendMessage(BOB, new Text("again"), "cmd-2").get();
        found.put("second send", phase());

        f.connection().send(Node.builder("notification").attr("from", "s.whatsapp.net").attr("type", "encrypt")
                .attr("id", "low-1").children(Node.builder("count").attr("value", "3").build()).build());
        found.put("prekey top-up", phase());

        f.h.client.logout();
        found.put("logout", phase());

        assertEquals(List.of("one", "two", "three"), f.events(ClientEvent.MessageReceived.class).stream()
                .map(m -> ((Text) m.content()).text()).toList());
        assertEquals(EXPECTED, found, "store calls on the session's executor:\n" + StoreCalls.describe(all));
    }

    private Set<String> phase() {
        Set<String> names = new TreeSet<>(calls.onExecutorNames());
        all.addAll(calls.onExecutor());
        calls.clear();
        return names;
    }
}
