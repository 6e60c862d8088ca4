package io.wabridge.client.group;

import io.wabridge.client.jid.Jid;
import java.util.List;
import java.util.Objects;

/**
 * A group's metadata as the server returns it ({@code <iq xmlns=w:g2 type=get><query request=interactive/>}).
 *
 * @param jid            the group
 * @param subject        its name ("" when none)
 * @param addressingMode how members are addressed: {@code LID} groups name participants by LID
 * @param participants   the members, in server order
 */
public record GroupInfo(Jid jid, String subject, AddressingMode addressingMode, List<Participant> participants) {

    /** How a group addresses its members (the {@code addressing_mode} attribute; absent = PN). */
    public enum AddressingMode {
        PN, LID;

        static AddressingMode parse(String value) {
            return "lid".equals(value) ? LID : PN;
        }

        public String wireName() {
            return this == LID ? "lid" : "pn";
        }
    }

    /** A member's role. */
    public enum Role {
        MEMBER, ADMIN, SUPERADMIN;

        static Role parse(String type) {
            return switch (type == null ? "" : type) {
                case "admin" -> ADMIN;
                case "superadmin" -> SUPERADMIN;
                default -> MEMBER;
            };
        }
    }

    /**
     * A member: its JID in the group's addressing mode, and its PN and LID user when known.
     */
    public record Participant(Jid jid, Jid pn, Jid lid, Role role) {
        public Participant {
            Objects.requireNonNull(jid, "jid");
            Objects.requireNonNull(role, "role");
        }
    }

    public GroupInfo {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(addressingMode, "addressingMode");
        participants = List.copyOf(participants);
    }

    /** The participants' user JIDs in the group's addressing mode. */
    public List<Jid> users() {
        return participants.stream().map(p -> p.jid().toNonAd()).toList();
    }
}
