package io.wabridge.client.usync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceListTest {
    private static final Jid ME = Jid.parse("15550001111:7@s.whatsapp.net");
    private static final Jid MY_LID = Jid.parse("99887766554433:7@lid");
    private static final Jid BOB = Jid.pn("15550002222");

    @Test
    void theQueryHasTheShapeWhatsAppClientsSend() {
        Node iq = DeviceListQuery.request(List.of(BOB.withDevice(3), Jid.lid("123")), "sid-1");
        assertEquals("usync", iq.attr("xmlns"));
        assertEquals("get", iq.attr("type"));
        Node usync = iq.child("usync");
        assertEquals(Map.of("context", "message", "mode", "query", "sid", "sid-1", "last", "true", "index", "0"),
                usync.attrs());
        assertEquals("2", usync.child("query").child("devices").attr("version"));
        assertEquals(List.of("15550002222@s.whatsapp.net", "123@lid"),
                usync.child("list").children("user").stream().map(u -> u.attr("jid")).toList());
        assertEquals(List.of("devices"), usync.child("query").children().stream().map(Node::tag).toList());
        Node withLid = DeviceListQuery.request(List.of(BOB), "sid-2", true).child("usync").child("query");
        assertEquals(List.of("devices", "lid"), withLid.children().stream().map(Node::tag).toList(),
                "a session without its LID asks for LIDs too");
    }

    @Test
    void selectionKeepsListedDeviceZeroAndKeyedDevicesAndDropsOurOwnDevice() {
        List<DeviceEntry> bob = List.of(new DeviceEntry(0, null, false), new DeviceEntry(2, 1, false),
                new DeviceEntry(4, null, false), new DeviceEntry(9, 3, true));
        assertEquals(List.of(BOB.withDevice(0), BOB.withDevice(2), Jid.parse("15550002222:9@hosted")),
                DeviceResolver.select(BOB, bob, ME, MY_LID));

        List<DeviceEntry> own = List.of(new DeviceEntry(0, null, false), new DeviceEntry(7, 2, false),
                new DeviceEntry(8, 5, false));
        assertEquals(List.of(ME.withDevice(0), ME.withDevice(8)), DeviceResolver.select(ME.toNonAd(), own, ME, MY_LID));
        assertEquals(List.of(MY_LID.withDevice(0), MY_LID.withDevice(8)),
                DeviceResolver.select(MY_LID.toNonAd(), own, ME, MY_LID));
        // only listed devices: a list without device 0 does not get one invented (Baileys, whatsmeow)
        assertEquals(List.of(BOB.withDevice(3)),
                DeviceResolver.select(BOB, List.of(new DeviceEntry(3, 1, false)), ME, MY_LID));
        assertEquals(List.of(), DeviceResolver.select(ME.toNonAd(), List.of(), ME, MY_LID));
    }

    @Test
    void responsesWithoutAListAreRefusedAndOddEntriesSkipped() {
        assertThrows(MalformedUsyncResponseException.class,
                () -> DeviceListQuery.parse(Node.builder("iq").attr("type", "result").build()));
        Node response = Node.builder("iq").children(Node.builder("usync").children(Node.builder("list").children(
                Node.builder("user").attr("jid", "15550002222@s.whatsapp.net").children(Node.builder("devices").children(
                        Node.builder("device-list").children(
                                Node.builder("device").attr("id", "0").build(),
                                Node.builder("device").attr("id", "x").build(),
                                Node.builder("device").attr("id", "70000").build(),
                                Node.builder("device").attr("id", "3").attr("key-index", "2").build()).build()).build()).build(),
                Node.builder("user").attr("jid", "15550003333@s.whatsapp.net").children(
                        Node.builder("devices").children(Node.builder("error").attr("code", "404").build()).build()).build()
        ).build()).build()).build();
        Map<Jid, List<DeviceEntry>> parsed = DeviceListQuery.parse(response);
        assertEquals(Map.of(BOB, List.of(new DeviceEntry(0, null, false), new DeviceEntry(3, 2, false))), parsed);
    }

    @Test
    void theCacheExpiresEvictsTheLeastRecentlyUsedAndForgetsOnNotification() {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        DeviceCache cache = new DeviceCache(2, Duration.ofMinutes(10), clock);
        cache.put(BOB, List.of(BOB.withDevice(0)));
        cache.put(ME.toNonAd(), List.of(ME.withDevice(0)));
        assertEquals(List.of(BOB.withDevice(0)), cache.get(BOB.withDevice(5)));
        cache.put(Jid.pn("1"), List.of());
        assertNull(cache.get(ME), "least recently used went");
        clock.advance(Duration.ofMinutes(11));
        assertNull(cache.get(BOB), "expired");

        cache.put(BOB, List.of(BOB.withDevice(0)));
        DeviceNotifications.invalidate(Node.builder("notification").attr("from", "15550002222@s.whatsapp.net")
                .attr("type", "devices").build(), cache);
        assertNull(cache.get(BOB));
    }
}
