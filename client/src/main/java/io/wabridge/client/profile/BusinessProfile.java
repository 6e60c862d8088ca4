package io.wabridge.client.profile;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.util.ArrayList;
import java.util.List;

/**
 * A WhatsApp Business account's public profile ({@code <business_profile><profile jid>} of a {@code w:biz} answer;
 * whatsmeow {@code GetBusinessProfile}, Baileys {@code getBusinessProfile}). Absent parts are empty strings / lists.
 */
public record BusinessProfile(Jid jid, String description, String address, String email, List<String> websites,
                              List<String> categories, String hoursTimeZone, List<Hours> hours) {

    /** One day's opening hours ({@code business_hours_config}): mode e.g. open_24h, specific_hours, appointment_only. */
    public record Hours(String dayOfWeek, String mode, int openMinutes, int closeMinutes) {}

    public BusinessProfile {
        websites = List.copyOf(websites);
        categories = List.copyOf(categories);
        hours = List.copyOf(hours);
    }

    /** Reads a {@code <profile>} element; null when it names no JID. */
    static BusinessProfile parse(Node profile) {
        Jid jid = Jid.tryParse(profile.attr("jid"));
        if (jid == null) {
            return null;
        }
        List<String> websites = new ArrayList<>();
        for (Node w : profile.children("website")) {
            websites.add(text(w));
        }
        List<String> categories = new ArrayList<>();
        Node cats = profile.child("categories");
        if (cats != null) {
            for (Node c : cats.children("category")) {
                categories.add(text(c));
            }
        }
        Node hoursNode = profile.child("business_hours");
        List<Hours> hours = new ArrayList<>();
        if (hoursNode != null) {
            for (Node h : hoursNode.children("business_hours_config")) {
                hours.add(new Hours(h.attr("day_of_week", ""), h.attr("mode", ""), minutes(h.attr("open_time")),
                        minutes(h.attr("close_time"))));
            }
        }
        return new BusinessProfile(jid.toNonAd(), text(profile.child("description")), text(profile.child("address")),
                text(profile.child("email")), websites, categories,
                hoursNode == null ? "" : hoursNode.attr("timezone", ""), hours);
    }

    private static String text(Node n) {
        String s = n == null ? null : n.contentString();
        return s == null ? "" : s;
    }

    private static int minutes(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
