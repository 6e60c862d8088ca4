package io.wabridge.client.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClientConfig;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.StoreException;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.TestPhone;
import io.wabridge.proto.wa.Message;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A LID mapping learnt from a received stanza is written behind, on the store's I/O executor, and the batch that
 * taught it is acknowledged only once it is stored: a failed write acknowledges nothing (the stanza comes again).
 */
class LidWriteBehindTest {

    private static final String BOB_LID = "90210123456789@lid";

    private boolean failLidWrites;
    /** For each LID mapping write: whether the message that taught it was acknowledged already. */
    private final List<Boolean> ackedBeforeWrite = new ArrayList<>();
    private MessagingFixture f;

    @Test
    void theMappingIsStoredBeforeTheMessageIsAcknowledged() throws Exception {
        f = fixture();
        f.h.storeIo.hold();
        deliverWithLid("L1", "hello");
        assertEquals(-1, f.indexOf("ack", "L1", "message"), "nothing acknowledged while the reads and writes are held");
        f.h.storeIo.release();

        assertTrue(f.indexOf("ack", "L1", "message") >= 0, f.connection().received().toString());
        assertEquals(List.of(false), ackedBeforeWrite, "stored once, before the ack");
        assertEquals("15550002222@s.whatsapp.net", f.h.store.lidMappings().pnForLid(BOB_LID).orElseThrow());
    }

    @Test
    void aFailedMappingWriteAcknowledgesNothing() throws Exception {
        f = fixture();
        failLidWrites = true;
        var first = f.connection();
        deliverWithLid("L2", "keep me");

        assertEquals(-1, f.indexOf("receipt", "L2", null));
        assertTrue(first.received().stream().noneMatch(n -> n.is("ack") && "L2".equals(n.attr("id"))),
                "no ack for a batch whose mapping was not stored");
        assertTrue(f.h.store.lidMappings().pnForLid(BOB_LID).isEmpty());
        assertFalse(ackedBeforeWrite.isEmpty(), "the write was tried");
    }

    private MessagingFixture fixture() {
        return new MessagingFixture(new ClientHarness(WaClientConfig.defaults(), new TestPhone(), "test-account",
                this::watched)).login();
    }

    private void deliverWithLid(String id, String text) throws Exception {
        if (f.h.uploads.isEmpty()) {
            throw new AssertionError("no prekeys uploaded");
        }
        f.startSession(f.bob0, 0);
        EncryptedMessage encrypted = f.encrypt(f.bob0, Message.newBuilder().setConversation(text).build());
        Node stanza = f.incoming(f.bob0, id, encrypted).toBuilder().attr("sender_lid", BOB_LID).build();
        f.connection().send(stanza);
    }

    private AccountStore watched(AccountStore store) {
        return (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(), new Class<?>[] {AccountStore.class},
                (p, method, args) -> {
                    Object result = invoke(method, store, args);
                    return method.getName().equals("lidMappings") ? lidStore((LidMappingStore) result) : result;
                });
    }

    private LidMappingStore lidStore(LidMappingStore target) {
        return (LidMappingStore) Proxy.newProxyInstance(LidMappingStore.class.getClassLoader(),
                new Class<?>[] {LidMappingStore.class}, (p, method, args) -> {
                    if (namesBob(method.getName(), args)) {
                        ackedBeforeWrite.add(f.connection().received().stream().anyMatch(n -> n.is("ack")
                                && n.attr("id") != null && n.attr("id").startsWith("L")));
                        if (failLidWrites) {
                            throw new StoreException("database down");
                        }
                    }
                    return invoke(method, target, args);
                });
    }

    private static boolean namesBob(String method, Object[] args) {
        if (method.equals("store")) {
            return ((io.wabridge.client.store.LidPnMapping) args[0]).lid().equals(BOB_LID);
        }
        return method.equals("storeAll") && ((java.util.Collection<?>) args[0]).stream()
                .anyMatch(m -> ((io.wabridge.client.store.LidPnMapping) m).lid().equals(BOB_LID));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
