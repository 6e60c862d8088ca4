package io.wabridge.client.usync;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.util.List;

/**
 * The one shape every usync query shares (whatsmeow {@code usync()}, Baileys {@code executeUSyncQuery}):
 * {@code <iq xmlns=usync type=get to=s.whatsapp.net><usync sid mode context last=true index=0><query>PROTOCOLS
 * </query><list>USERS</list></usync></iq>}; the device-list, contact, LID, status and business queries differ only
 * in mode, context, protocols and how each user is named.
 */
public final class UsyncRequest {

    private UsyncRequest() {
    }

    /**
     * @param mode      {@code query} (interactive look-ups) or {@code full}
     * @param context   {@code message}, {@code interactive} or {@code background}
     * @param protocols the {@code <query>} children (what to answer per user)
     * @param users     the {@code <list>} children ({@code <user jid/>} or {@code <user><contact>+PHONE</contact></user>})
     */
    public static Node of(String mode, String context, String sid, List<Node> protocols, List<Node> users) {
        Node usync = Node.builder("usync")
                .attr("context", context).attr("mode", mode).attr("sid", sid)
                .attr("last", "true").attr("index", "0")
                .children(Node.builder("query").children(protocols).build(), Node.builder("list").children(users).build())
                .build();
        return Node.builder("iq").attr("xmlns", "usync").attr("type", "get").attr("to", Jid.SERVER)
                .children(usync).build();
    }

    /** The {@code <list>} of an answer, or null when it has none. */
    public static Node list(Node response) {
        Node usync = response.child("usync");
        return usync == null ? null : usync.child("list");
    }
}
