package io.wabridge.client.jid;

import java.util.regex.Pattern;

/**
 * A WhatsApp JID: {@code [integrator-]user[_agent][:device]@server}, immutable.
 *
 * <p>The user part may be empty (a server JID such as {@code @s.whatsapp.net}); agent, device and integrator are
 * then zero. A zero agent, device or integrator is "absent": {@code 123:0@s.whatsapp.net} parses to the same JID
 * as {@code 123@s.whatsapp.net}, and {@link #toString()} always gives the canonical form, which parses back to an
 * equal JID. The agent is WhatsApp's "domain type" written next to the user ({@code user_agent}), as Baileys writes
 * it; the integrator only exists on {@code @interop} JIDs.
 */
public final class Jid {

    public static final int MAX_AGENT = 0xFF;
    public static final int MAX_DEVICE = 0xFFFF;
    public static final int MAX_INTEGRATOR = 0xFFFF;

    /** The WhatsApp server itself, {@code @s.whatsapp.net}: the usual {@code to} of IQs. */
    public static final Jid SERVER = new Jid("", 0, 0, 0, JidServer.WHATSAPP);
    public static final Jid STATUS_BROADCAST = new Jid("status", 0, 0, 0, JidServer.BROADCAST);

    /** Domain types carried in an AD_JID next to the device: they select the server. */
    public static final int DOMAIN_WHATSAPP = 0;
    public static final int DOMAIN_LID = 1;
    public static final int DOMAIN_HOSTED = 128;
    public static final int DOMAIN_HOSTED_LID = 129;

    private static final Pattern BOT_USER = Pattern.compile("1313555\\d{4}|131655500\\d{2}");

    private final String user;
    private final String server;
    private final int agent;
    private final int device;
    private final int integrator;
    /** Canonical text, built on first use; a benign race like {@link String#hashCode()}. */
    private String text;

    private Jid(String user, int agent, int device, int integrator, String server) {
        this.user = user;
        this.agent = agent;
        this.device = device;
        this.integrator = integrator;
        this.server = server;
    }

    /** A user (or group, broadcast, ...) JID without agent or device. */
    public static Jid of(String user, String server) {
        return of(user, 0, 0, 0, server);
    }

    /** A device JID; device 0 is the primary device and gives the same JID as {@link #of(String, String)}. */
    public static Jid ofDevice(String user, int device, String server) {
        return of(user, 0, device, 0, server);
    }

    /**
     * A JID from all its parts.
     *
     * @throws InvalidJidException if a part is out of range or has characters a JID cannot hold
     */
    public static Jid of(String user, int agent, int device, int integrator, String server) {
        if (user == null || server == null) {
            throw new InvalidJidException("JID user and server must not be null");
        }
        String problem = problem(user, agent, device, integrator, server);
        if (problem != null) {
            throw new InvalidJidException(problem + ": " + describe(user, agent, device, integrator, server));
        }
        return new Jid(user, agent, device, integrator, JidServer.canonical(server));
    }

    /** {@code user@s.whatsapp.net}. */
    public static Jid pn(String user) {
        return of(user, JidServer.WHATSAPP);
    }

    /** {@code user@lid}. */
    public static Jid lid(String user) {
        return of(user, JidServer.LID);
    }

    /** {@code id@g.us}. */
    public static Jid group(String id) {
        return of(id, JidServer.GROUP);
    }

    /**
     * Parses {@code [integrator-]user[_agent][:device]@server}.
     *
     * @throws InvalidJidException if the text is not a JID
     */
    public static Jid parse(String text) {
        if (text == null) {
            throw new InvalidJidException("JID text must not be null");
        }
        Jid jid = parse(text, true);
        assert jid != null;
        return jid;
    }

    /** Like {@link #parse(String)}, but returns {@code null} where parse throws. */
    public static Jid tryParse(String text) {
        return text == null ? null : parse(text, false);
    }

    private static Jid parse(String s, boolean throwing) {
        int at = s.indexOf('@');
        if (at < 0 || s.indexOf('@', at + 1) >= 0) {
            return fail(throwing, s, "a JID has exactly one '@'");
        }
        String server = s.substring(at + 1);
        int end = at;
        int device = 0;
        int colon = s.lastIndexOf(':', end - 1);
        if (colon >= 0) {
            device = number(s, colon + 1, end, MAX_DEVICE);
            if (device < 0) {
                return fail(throwing, s, "device must be a number up to " + MAX_DEVICE);
            }
            end = colon;
        }
        int agent = 0;
        int underscore = s.lastIndexOf('_', end - 1);
        if (underscore >= 0) {
            agent = number(s, underscore + 1, end, MAX_AGENT);
            if (agent < 0) {
                return fail(throwing, s, "agent must be a number up to " + MAX_AGENT);
            }
            end = underscore;
        }
        int start = 0;
        int integrator = 0;
        if (server.equals(JidServer.INTEROP)) {
            int dash = s.indexOf('-');
            if (dash >= 0 && dash < end) {
                integrator = number(s, 0, dash, MAX_INTEGRATOR);
                if (integrator < 0) {
                    return fail(throwing, s, "integrator must be a number up to " + MAX_INTEGRATOR);
                }
                start = dash + 1;
            }
        }
        String user = s.substring(start, end);
        String problem = problem(user, agent, device, integrator, server);
        if (problem != null) {
            return fail(throwing, s, problem);
        }
        return new Jid(user, agent, device, integrator, JidServer.canonical(server));
    }

    private static Jid fail(boolean throwing, String text, String reason) {
        if (throwing) {
            throw new InvalidJidException(reason + ": \"" + text + "\"");
        }
        return null;
    }

    /** Decimal digits in {@code s[from, to)} as a number up to max, or -1. */
    private static int number(String s, int from, int to, int max) {
        if (from >= to) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > max) {
                return -1;
            }
        }
        return value;
    }

    /** Why these parts are no JID, or null if they are one. */
    private static String problem(String user, int agent, int device, int integrator, String server) {
        if (server.isEmpty()) {
            return "empty server";
        }
        for (int i = 0; i < server.length(); i++) {
            char c = server.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return "server may hold only a-z, 0-9, '.' and '-'";
            }
        }
        boolean interop = server.equals(JidServer.INTEROP);
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' && !interop;
            if (!ok) {
                return interop ? "an interop user may hold only letters and digits"
                        : "user may hold only letters, digits and '-'";
            }
        }
        if (agent < 0 || agent > MAX_AGENT) {
            return "agent out of range";
        }
        if (device < 0 || device > MAX_DEVICE) {
            return "device out of range";
        }
        if (integrator < 0 || integrator > MAX_INTEGRATOR) {
            return "integrator out of range";
        }
        if (integrator != 0 && !interop) {
            return "only interop JIDs have an integrator";
        }
        if (user.isEmpty() && (agent | device | integrator) != 0) {
            return "a server JID has no agent, device or integrator";
        }
        return null;
    }

    private static String describe(String user, int agent, int device, int integrator, String server) {
        return "user=\"" + user + "\" agent=" + agent + " device=" + device + " integrator=" + integrator
                + " server=\"" + server + "\"";
    }

    public String user() {
        return user;
    }

    /** The domain type written as {@code _agent}; 0 when absent. */
    public int agent() {
        return agent;
    }

    /** The device number; 0 is the primary device (and "no device"). */
    public int device() {
        return device;
    }

    /** The interop integrator; 0 when absent. */
    public int integrator() {
        return integrator;
    }

    public String server() {
        return server;
    }

    /** True for a JID with an agent or a non-zero device: one device of a user rather than the user. */
    public boolean isAd() {
        return (agent | device) != 0;
    }

    /** True for the bare server JID, e.g. {@code @s.whatsapp.net}. */
    public boolean isServerJid() {
        return user.isEmpty();
    }

    /** The user this device JID belongs to: the same JID without agent and device. */
    public Jid toNonAd() {
        return isAd() ? new Jid(user, 0, 0, integrator, server) : this;
    }

    /**
     * The user JID in the form WhatsApp compares users by: without agent and device, and with the legacy
     * {@code c.us} server replaced by {@code s.whatsapp.net} (as Baileys' {@code jidNormalizedUser} does).
     */
    public Jid normalizedUser() {
        if (server.equals(JidServer.LEGACY_USER)) {
            return new Jid(user, 0, 0, integrator, JidServer.WHATSAPP);
        }
        return toNonAd();
    }

    /** This user's JID for the given device. */
    public Jid withDevice(int newDevice) {
        return newDevice == device ? this : of(user, agent, newDevice, integrator, server);
    }

    /** True if both JIDs name the same user, whatever their devices. */
    public boolean sameUser(Jid other) {
        return other != null && normalizedUser().equals(other.normalizedUser());
    }

    /**
     * The domain type WhatsApp writes for this JID: fixed by the LID and hosted servers, otherwise the agent.
     */
    public int domainType() {
        return switch (server) {
            case JidServer.LID -> DOMAIN_LID;
            case JidServer.HOSTED -> DOMAIN_HOSTED;
            case JidServer.HOSTED_LID -> DOMAIN_HOSTED_LID;
            default -> agent;
        };
    }

    /** The name of this JID's Signal protocol address: the user, suffixed {@code _domainType} when not 0. */
    public String signalUser() {
        int domain = domainType();
        return domain == 0 ? user : user + "_" + domain;
    }

    /** A phone-number user or device ({@code s.whatsapp.net}). */
    public boolean isPn() {
        return server.equals(JidServer.WHATSAPP) && !user.isEmpty();
    }

    public boolean isLid() {
        return server.equals(JidServer.LID);
    }

    public boolean isGroup() {
        return server.equals(JidServer.GROUP);
    }

    /** Any broadcast JID, including {@code status@broadcast}. */
    public boolean isBroadcast() {
        return server.equals(JidServer.BROADCAST);
    }

    public boolean isStatusBroadcast() {
        return STATUS_BROADCAST.equals(this);
    }

    public boolean isNewsletter() {
        return server.equals(JidServer.NEWSLETTER);
    }

    /** {@code hosted} or {@code hosted.lid}. */
    public boolean isHosted() {
        return server.equals(JidServer.HOSTED) || server.equals(JidServer.HOSTED_LID);
    }

    /** A bot: the {@code bot} server, or one of the bot number ranges on the user servers. */
    public boolean isBot() {
        if (server.equals(JidServer.BOT)) {
            return true;
        }
        return (server.equals(JidServer.WHATSAPP) || server.equals(JidServer.LEGACY_USER))
                && device == 0 && BOT_USER.matcher(user).matches();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jid other
                && agent == other.agent && device == other.device && integrator == other.integrator
                && user.equals(other.user) && server.equals(other.server);
    }

    @Override
    public int hashCode() {
        return ((user.hashCode() * 31 + server.hashCode()) * 31 + agent) * 31 + (device ^ integrator << 16);
    }

    /** The canonical form, which {@link #parse(String)} reads back to an equal JID. */
    @Override
    public String toString() {
        String s = text;
        if (s == null) {
            StringBuilder b = new StringBuilder(user.length() + server.length() + 12);
            if (integrator != 0) {
                b.append(integrator).append('-');
            }
            b.append(user);
            if (agent != 0) {
                b.append('_').append(agent);
            }
            if (device != 0) {
                b.append(':').append(device);
            }
            s = b.append('@').append(server).toString();
            text = s;
        }
        return s;
    }
}
