package io.wabridge.bridge.contract;

import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.proto.v1.ErrorCode;

/**
 * Reads the JID arguments of commands. A JID argument names a user or a chat, never one device of it. Besides a
 * JID it accepts a bare phone number, 7 to 15 digits with an optional leading '+', which means
 * {@code <digits>@s.whatsapp.net}; the legacy {@code c.us} server means {@code s.whatsapp.net} too. Either
 * spelling is rewritten to the canonical JID, so the rest of the bridge only ever sees canonical text.
 */
final class JidArguments {

    /** What a JID argument may name. */
    enum Kind {
        /** A chat: a user (pn or lid), a group, a broadcast list ({@code status@broadcast}) or a newsletter. */
        CHAT,
        /** A user: pn or lid. */
        USER
    }

    static final int MIN_PHONE_DIGITS = 7;
    static final int MAX_PHONE_DIGITS = 15; // E.164

    private JidArguments() {
    }

    /**
     * The canonical JID for a non-empty argument: the same instance when it already is canonical.
     *
     * @throws InvalidCommandException {@link ErrorCode#INVALID_JID} naming the field
     */
    static String canonical(String value, String field, Kind kind) throws InvalidCommandException {
        if (value.indexOf('@') < 0) {
            return phoneJid(value, field);
        }
        Jid jid;
        try {
            jid = Jid.parse(value);
        } catch (InvalidJidException e) {
            throw invalid(field, Printable.detail(e));
        }
        if (jid.isServerJid()) {
            throw invalid(field, "\"" + Printable.truncate(value) + "\" names a server, not a " + noun(kind));
        }
        if (jid.isAd()) {
            throw invalid(field, "\"" + Printable.truncate(value) + "\" names one device; use the " + noun(kind)
                    + " JID without ':device' (and without '_agent')");
        }
        String server = jid.server();
        boolean user = server.equals(JidServer.WHATSAPP) || server.equals(JidServer.LID)
                || server.equals(JidServer.LEGACY_USER);
        boolean chat = server.equals(JidServer.GROUP) || server.equals(JidServer.BROADCAST)
                || server.equals(JidServer.NEWSLETTER);
        if (!user && !(kind == Kind.CHAT && chat)) {
            throw invalid(field, "\"" + Printable.truncate(value) + "\" is not a " + noun(kind) + " JID; "
                    + (kind == Kind.CHAT ? "use @s.whatsapp.net, @lid, @g.us, @broadcast or @newsletter"
                            : "use @s.whatsapp.net or @lid"));
        }
        if (server.equals(JidServer.LEGACY_USER)) {
            return jid.normalizedUser().toString();
        }
        // Non-device JIDs without integrator are "user@server": canonical exactly when nothing else was written.
        return value.length() == jid.user().length() + 1 + server.length() ? value : jid.toString();
    }

    /**
     * A group argument: a group JID ({@code 120363012345678901@g.us}) or the group id alone (digits, or the old
     * {@code CREATOR-TIMESTAMP} form) as that JID; the same instance when already canonical.
     *
     * @throws InvalidCommandException {@link ErrorCode#INVALID_JID} naming the field
     */
    static String group(String value, String field) throws InvalidCommandException {
        if (value.indexOf('@') < 0) {
            if (!value.matches("[0-9]{1,30}(-[0-9]{1,20})?")) {
                throw invalid(field, "\"" + Printable.truncate(value) + "\" is neither a group JID (...@g.us) nor a"
                        + " group id (digits)");
            }
            return value + "@" + JidServer.GROUP;
        }
        String canonical = canonical(value, field, Kind.CHAT);
        if (!canonical.endsWith("@" + JidServer.GROUP)) {
            throw invalid(field, "\"" + Printable.truncate(value) + "\" is not a group JID; use ...@g.us");
        }
        return canonical;
    }

    /** {@code 15550001111} or {@code +15550001111} as {@code 15550001111@s.whatsapp.net}. */
    private static String phoneJid(String value, String field) throws InvalidCommandException {
        String digits = phoneDigits(value);
        if (digits == null) {
            throw invalid(field, "\"" + Printable.truncate(value) + "\" is neither a JID (user@server) nor a phone"
                    + " number (" + MIN_PHONE_DIGITS + " to " + MAX_PHONE_DIGITS
                    + " digits, optional leading '+', no spaces or dashes)");
        }
        return digits + "@" + JidServer.WHATSAPP;
    }

    /**
     * The digits of a phone number in international format ({@code +} optional), or null if it is not one. Returns
     * the same instance when there is no '+'.
     */
    static String phoneDigits(String value) {
        int start = !value.isEmpty() && value.charAt(0) == '+' ? 1 : 0;
        int digits = value.length() - start;
        if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) {
            return null;
        }
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return start == 0 ? value : value.substring(1);
    }

    private static String noun(Kind kind) {
        return kind == Kind.CHAT ? "chat" : "user";
    }

    private static InvalidCommandException invalid(String field, String why) {
        return new InvalidCommandException(ErrorCode.INVALID_JID, field + ": " + why);
    }
}
