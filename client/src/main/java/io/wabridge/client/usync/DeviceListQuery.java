package io.wabridge.client.usync;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The usync device-list query WhatsApp clients make before they encrypt (whatsmeow {@code GetUserDevices},
 * Baileys {@code getUSyncDevices}):
 * {@code <iq xmlns=usync type=get><usync context=message mode=query sid last=true index=0><query><devices
 * version=2/></query><list><user jid/>..</list></usync></iq>}, answered per user with
 * {@code <user jid><devices><device-list><device id key-index?/>..</device-list></devices></user>}.
 */
public final class DeviceListQuery {

    private DeviceListQuery() {
    }

    /** The query for these users (sent without device: the server answers for the user). */
    public static Node request(List<Jid> users, String sid) {
        return request(users, sid, false);
    }

    /**
     * The query, also asking each user's LID ({@code <lid/>}, as Baileys always does) when {@code withLid}: a
     * session that logged in without its own LID learns it this way.
     */
    public static Node request(List<Jid> users, String sid, boolean withLid) {
        List<Node> list = new ArrayList<>(users.size());
        for (Jid user : users) {
            list.add(Node.builder("user").attr("jid", user.toNonAd()).build());
        }
        return UsyncRequest.of("query", "message", sid, withLid
                ? List.of(Node.builder("devices").attr("version", "2").build(), Node.of("lid"))
                : List.of(Node.builder("devices").attr("version", "2").build()), list);
    }

    /**
     * The device lists in a response, per user (no device) in response order. Users without a device list (not
     * on WhatsApp, or an {@code <error>} in their entry) are absent; malformed device entries are skipped.
     *
     * @throws MalformedUsyncResponseException if the response has no {@code <usync><list>}
     */
    public static Map<Jid, List<DeviceEntry>> parse(Node response) {
        Node usync = response.child("usync");
        Node list = usync == null ? null : usync.child("list");
        if (list == null) {
            throw new MalformedUsyncResponseException("usync response without <usync><list>: " + response);
        }
        Map<Jid, List<DeviceEntry>> result = new LinkedHashMap<>();
        for (Node user : list.children("user")) {
            Jid jid;
            try {
                jid = user.jidAttr("jid");
            } catch (InvalidJidException e) {
                continue;
            }
            Node devices = user.child("devices");
            Node deviceList = devices == null ? null : devices.child("device-list");
            if (jid == null || deviceList == null) {
                continue;
            }
            List<DeviceEntry> entries = new ArrayList<>(deviceList.children().size());
            for (Node device : deviceList.children("device")) {
                Integer id = parseInt(device.attr("id"));
                if (id == null || id < 0 || id > Jid.MAX_DEVICE) {
                    continue;
                }
                Integer keyIndex = parseInt(device.attr("key-index"));
                boolean hosted = "true".equals(device.attr("is_hosted"));
                entries.add(new DeviceEntry(id, keyIndex, hosted));
            }
            result.put(jid.toNonAd(), entries);
        }
        return result;
    }

    /** The LIDs ({@code <lid val=USER@lid/>}) a response names, per user (no device); absent when not asked. */
    public static Map<Jid, Jid> parseLids(Node response) {
        Node usync = response.child("usync");
        Node list = usync == null ? null : usync.child("list");
        Map<Jid, Jid> result = new LinkedHashMap<>();
        if (list == null) {
            return result;
        }
        for (Node user : list.children("user")) {
            Node lid = user.child("lid");
            Jid jid = Jid.tryParse(user.attr("jid"));
            Jid value = lid == null ? null : Jid.tryParse(lid.attr("val"));
            if (jid != null && value != null && value.isLid()) {
                result.put(jid.toNonAd(), value.toNonAd());
            }
        }
        return result;
    }

    private static Integer parseInt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
