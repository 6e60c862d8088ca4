package io.wabridge.client.group;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import java.util.ArrayList;
import java.util.List;

/**
 * The group metadata query (whatsmeow {@code GetGroupInfo}, Baileys {@code groupMetadata}):
 * {@code <iq xmlns=w:g2 type=get to=GROUP><query request=interactive/></iq>}, answered with
 * {@code <group id subject addressing_mode ..><participant jid type [phone_number] [lid]/>..</group>}.
 * Participants whose JID does not parse are skipped (logged by the caller through the count), never fatal.
 */
public final class GroupMetadataQuery {

    private GroupMetadataQuery() {
    }

    public static Node request(Jid group) {
        return Node.builder("iq").attr("xmlns", "w:g2").attr("type", "get").attr("to", group.toNonAd())
                .children(Node.builder("query").attr("request", "interactive").build()).build();
    }

    /**
     * @throws MalformedGroupResponseException if the response has no {@code <group>}
     */
    public static GroupInfo parse(Jid requested, Node response) {
        Node group = response.is("group") ? response : response.child("group");
        if (group == null) {
            throw new MalformedGroupResponseException("group metadata response without <group>: " + response);
        }
        return parseGroup(requested, group);
    }

    /** One {@code <group>} element (also the shape of list and create answers). */
    public static GroupInfo parseGroup(Jid fallback, Node group) {
        String id = group.attr("id");
        Jid jid = id == null ? fallback : id.contains("@") ? Jid.tryParse(id) : Jid.group(id);
        if (jid == null || !jid.isGroup()) {
            throw new MalformedGroupResponseException("<group> with a bad id: " + id);
        }
        GroupInfo.AddressingMode mode = GroupInfo.AddressingMode.parse(group.attr("addressing_mode"));
        List<GroupInfo.Participant> participants = new ArrayList<>();
        for (Node p : group.children("participant")) {
            Jid member = Jid.tryParse(p.attr("jid"));
            if (member == null || !(member.isPn() || member.isLid())) {
                continue;
            }
            member = member.toNonAd();
            Jid pn = member.isPn() ? member : user(p.attr("phone_number"));
            Jid lid = member.isLid() ? member : user(p.attr("lid"));
            participants.add(new GroupInfo.Participant(member, pn, lid, GroupInfo.Role.parse(p.attr("type"))));
        }
        return new GroupInfo(jid, group.attr("subject", ""), mode, participants);
    }

    private static Jid user(String value) {
        try {
            return value == null ? null : Jid.parse(value).toNonAd();
        } catch (InvalidJidException e) {
            return null;
        }
    }
}
