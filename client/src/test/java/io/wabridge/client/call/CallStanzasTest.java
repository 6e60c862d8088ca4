package io.wabridge.client.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The call stanza read as the references read it, and liberal with what they tolerate. */
class CallStanzasTest {
    private static final Jid ME = Jid.pn("15550001111");
    private static final Jid MY_LID = Jid.lid("900000000000001");
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void aLidCreatorTakesItsNumberFromCallerPn() {
        Node call = Node.builder("call").attr("from", "111111111111111:3@lid").attr("id", "A").attr("t", "1700000000")
                .attr("offline", "0")
                .child(Node.builder("offer").attr("call-id", "C1").attr("call-creator", "111111111111111:3@lid")
                        .attr("caller_pn", "15550002222@s.whatsapp.net").child(Node.of("video")).build()).build();
        CallUpdate u = CallStanzas.parse(call, ME, MY_LID, NOW);
        assertEquals(CallUpdate.Status.OFFER, u.status());
        assertEquals(Jid.lid("111111111111111"), u.creator());
        assertEquals(Jid.lid("111111111111111"), u.creatorLid());
        assertEquals(Jid.pn("15550002222"), u.creatorPn());
        assertTrue(u.video());
        assertTrue(u.offline());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), u.timestamp());
    }

    @Test
    void anAcceptFromOurOwnLidIsElsewhereAndBadAttributesAreLeftEmpty() {
        Node accept = Node.builder("call").attr("from", "900000000000001:0@lid").attr("t", "soon")
                .child(Node.builder("accept").attr("call-id", "C2").attr("call-creator", "not a jid@@").build()).build();
        CallUpdate u = CallStanzas.parse(accept, ME, MY_LID, NOW);
        assertEquals(CallUpdate.Status.ACCEPTED, u.status());
        assertTrue(u.elsewhere());
        assertNull(u.creator());
        assertEquals(NOW, u.timestamp());

        Node terminate = Node.builder("call").attr("from", "15550002222@s.whatsapp.net")
                .child(Node.builder("terminate").attr("call-id", "C2").attr("reason", "busy").build()).build();
        CallUpdate t = CallStanzas.parse(terminate, ME, MY_LID, NOW);
        assertEquals(CallUpdate.Status.TERMINATED, t.status());
        assertEquals("busy", t.reason());
        assertFalse(t.elsewhere());
    }

    @Test
    void theRejectIsShapedAsTheReferencesSendIt() {
        Node reject = CallStanzas.reject("X1", ME.withDevice(7), Jid.pn("15550002222").withDevice(2), "C3");
        assertEquals("call", reject.tag());
        assertEquals("15550001111@s.whatsapp.net", reject.attr("from"));
        assertEquals("15550002222@s.whatsapp.net", reject.attr("to"));
        Node child = reject.child("reject");
        assertEquals("C3", child.attr("call-id"));
        assertEquals("15550002222@s.whatsapp.net", child.attr("call-creator"));
        assertEquals("0", child.attr("count"));
    }
}
