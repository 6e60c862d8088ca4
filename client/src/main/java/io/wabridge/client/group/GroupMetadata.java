package io.wabridge.client.group;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.time.Instant;
import java.util.Objects;

/**
 * A group's full metadata as a {@code <group>} element carries it (metadata query, group list, create, invite
 * info): the {@link GroupInfo} a send needs plus owner, creation, description and settings.
 *
 * @param info             jid, subject, addressing mode, participants with roles
 * @param owner            the creator ({@code creator}), null when not given
 * @param created          creation time ({@code creation}), null when not given
 * @param subjectOwner     who set the subject ({@code s_o}), nullable
 * @param subjectTime      when ({@code s_t}), nullable
 * @param description      the description ({@code <description><body>}), "" when none
 * @param descriptionId    the description's id (needed to change it: {@code prev}), "" when none
 * @param announcement     only admins may send ({@code <announcement/>})
 * @param locked           only admins may edit the group's info ({@code <locked/>})
 * @param approvalRequired joining needs an admin's approval ({@code <membership_approval_mode>})
 * @param ephemeralSeconds the disappearing-messages timer ({@code <ephemeral expiration>}), 0 = off
 * @param size             the member count the server reported ({@code size}), else the participants listed
 */
public record GroupMetadata(GroupInfo info, Jid owner, Instant created, Jid subjectOwner, Instant subjectTime,
                            String description, String descriptionId, boolean announcement, boolean locked,
                            boolean approvalRequired, int ephemeralSeconds, int size) {

    public GroupMetadata {
        Objects.requireNonNull(info, "info");
        description = description == null ? "" : description;
        descriptionId = descriptionId == null ? "" : descriptionId;
    }

    public Jid jid() {
        return info.jid();
    }

    public String subject() {
        return info.subject();
    }

    /**
     * Parses one {@code <group>}; unknown children are ignored (communities, member add mode, ...).
     *
     * @param fallback the group's JID when the element has no {@code id} (a metadata answer to a known group)
     * @throws MalformedGroupResponseException if the id is not a group's
     */
    public static GroupMetadata parse(Jid fallback, Node group) {
        GroupInfo info = GroupMetadataQuery.parseGroup(fallback, group);
        String description = "";
        String descriptionId = "";
        boolean announcement = false;
        boolean locked = false;
        boolean approval = false;
        int ephemeral = 0;
        for (Node child : group.children()) {
            switch (child.tag()) {
                case "description" -> {
                    Node body = child.child("body");
                    if (body != null) {
                        description = Objects.requireNonNullElse(body.contentString(), "");
                        descriptionId = child.attr("id", "");
                    }
                }
                case "announcement" -> announcement = true;
                case "locked" -> locked = true;
                case "membership_approval_mode" -> {
                    Node join = child.child("group_join");
                    approval = join == null || !"off".equals(join.attr("state"));
                }
                case "ephemeral" -> ephemeral = (int) Math.min(Integer.MAX_VALUE, number(child.attr("expiration")));
                default -> { }
            }
        }
        long size = number(group.attr("size"));
        return new GroupMetadata(info, jid(group.attr("creator")), time(group.attr("creation")),
                jid(group.attr("s_o")), time(group.attr("s_t")), description, descriptionId, announcement, locked,
                approval, ephemeral, size > 0 ? (int) Math.min(size, Integer.MAX_VALUE) : info.participants().size());
    }

    private static Jid jid(String value) {
        Jid j = value == null ? null : Jid.tryParse(value);
        return j == null ? null : j.toNonAd();
    }

    private static Instant time(String value) {
        long seconds = number(value);
        return seconds > 0 ? Instant.ofEpochSecond(seconds) : null;
    }

    static long number(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
