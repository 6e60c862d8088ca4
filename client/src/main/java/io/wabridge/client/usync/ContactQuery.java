package io.wabridge.client.usync;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The usync queries about people rather than devices: whether phone numbers are on WhatsApp (whatsmeow
 * {@code IsOnWhatsApp}, Baileys {@code onWhatsApp}: users named by {@code <contact>+PHONE</contact>}, protocols
 * {@code <contact/>}, {@code <lid/>} and {@code <business><verified_name/></business>}) and users' about texts
 * (Baileys {@code fetchStatus}, whatsmeow {@code GetUserInfo}: protocol {@code <status/>}).
 */
public final class ContactQuery {

    private ContactQuery() {
    }

    /**
     * One number's answer.
     *
     * @param query      the number as asked ({@code +DIGITS})
     * @param jid        its phone-number JID as WhatsApp names it, null when the answer named none
     * @param lid        its LID when WhatsApp told, else null
     * @param registered WhatsApp answered {@code <contact type="in">}
     * @param business   the user is a WhatsApp Business account (the answer carries {@code <business>})
     * @param verifiedName the business's verified-name element's {@code name} attribute, when present
     */
    public record Registration(String query, Jid jid, Jid lid, boolean registered, boolean business, String verifiedName) {}

    /**
     * One user's about text.
     *
     * @param text   the text; null when WhatsApp withheld it (privacy: {@code code=401}) or the user has none
     * @param hidden WhatsApp withheld it ({@code <status code="401"/>})
     * @param setAt  when it was set, when told
     */
    public record About(Jid jid, String text, boolean hidden, Instant setAt) {}

    /** The on-WhatsApp query for international numbers (digits, an optional leading +). */
    public static Node registrations(List<String> phones, String sid) {
        List<Node> users = new ArrayList<>(phones.size());
        for (String phone : phones) {
            users.add(Node.builder("user").child(Node.builder("contact").text(plus(phone)).build()).build());
        }
        return UsyncRequest.of("query", "interactive", sid, List.of(Node.of("contact"), Node.of("lid"),
                Node.builder("business").child(Node.of("verified_name")).build()), users);
    }

    /** The answers, in response order; entries naming no user are skipped. */
    public static List<Registration> parseRegistrations(Node response) {
        Node list = requireList(response);
        List<Registration> out = new ArrayList<>();
        for (Node user : list.children("user")) {
            Jid jid = Jid.tryParse(user.attr("jid"));
            Jid pn = Jid.tryParse(user.attr("pn_jid"));
            Node contact = user.child("contact");
            if (contact == null && jid == null) {
                continue;
            }
            String query = contact == null ? null : contact.contentString();
            if (query != null && query.endsWith("@c.us")) {
                query = query.substring(0, query.length() - "@c.us".length());
            }
            Jid phoneJid = jid != null && jid.isPn() ? jid.toNonAd() : pn != null ? pn.toNonAd() : null;
            Node lidNode = user.child("lid");
            Jid lid = lidNode == null ? null : Jid.tryParse(lidNode.attr("val"));
            if (lid == null && jid != null && jid.isLid()) {
                lid = jid;
            }
            Node business = user.child("business");
            boolean isBusiness = business != null && business.child("error") == null;
            Node verified = business == null ? null : business.child("verified_name");
            out.add(new Registration(query, phoneJid, lid == null ? null : lid.toNonAd(),
                    contact != null && "in".equals(contact.attr("type")), isBusiness,
                    verified == null ? null : verified.attr("name")));
        }
        return out;
    }

    /** The about-text query for users (phone-number or LID JIDs). */
    public static Node abouts(List<Jid> users, String sid) {
        List<Node> list = new ArrayList<>(users.size());
        for (Jid user : users) {
            list.add(Node.builder("user").attr("jid", user.toNonAd()).build());
        }
        return UsyncRequest.of("query", "interactive", sid, List.of(Node.of("status")), list);
    }

    /** The about texts, in response order; users whose entry lacks {@code <status>} (not on WhatsApp) are absent. */
    public static List<About> parseAbouts(Node response) {
        Node list = requireList(response);
        List<About> out = new ArrayList<>();
        for (Node user : list.children("user")) {
            Jid jid = Jid.tryParse(user.attr("jid"));
            Node status = user.child("status");
            if (jid == null || status == null) {
                continue;
            }
            String text = status.contentString();
            boolean hidden = "401".equals(status.attr("code"));
            long t = parseLong(status.attr("t"));
            out.add(new About(jid.toNonAd(), text == null || text.isEmpty() ? null : text, hidden,
                    t > 0 ? Instant.ofEpochSecond(t) : null));
        }
        return out;
    }

    private static Node requireList(Node response) {
        Node list = UsyncRequest.list(response);
        if (list == null) {
            throw new MalformedUsyncResponseException("usync response without <usync><list>: " + response);
        }
        return list;
    }

    /** {@code +DIGITS} of a number given with or without +, spaces or dashes. */
    public static String plus(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("not a phone number: " + phone);
        }
        return "+" + digits;
    }

    private static long parseLong(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
