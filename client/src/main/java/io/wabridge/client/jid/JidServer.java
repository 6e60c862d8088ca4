package io.wabridge.client.jid;

/**
 * The JID servers (the part after {@code @}) WhatsApp uses. A JID may carry any syntactically valid server; these
 * are the ones the protocol gives a meaning to.
 */
public final class JidServer {

    /** Phone-number users and their devices. */
    public static final String WHATSAPP = "s.whatsapp.net";
    /** Legacy spelling of {@link #WHATSAPP}, still used by a few well-known JIDs; see {@link Jid#normalizedUser()}. */
    public static final String LEGACY_USER = "c.us";
    /** Hidden (LID) users and their devices. */
    public static final String LID = "lid";
    public static final String GROUP = "g.us";
    /** Broadcast lists and {@code status@broadcast}. */
    public static final String BROADCAST = "broadcast";
    public static final String NEWSLETTER = "newsletter";
    public static final String CALL = "call";
    /** Hosted (cloud API business) phone-number users. */
    public static final String HOSTED = "hosted";
    /** Hosted (cloud API business) LID users. */
    public static final String HOSTED_LID = "hosted.lid";
    public static final String BOT = "bot";
    /** Messenger users; sent as FB_JID on the wire. */
    public static final String MESSENGER = "msgr";
    /** Interoperability (third-party network) users; sent as INTEROP_JID on the wire. */
    public static final String INTEROP = "interop";

    private JidServer() {
    }

    /**
     * Returns the shared constant for a known server, or the argument itself, so that JIDs built by the decoder and
     * by {@link Jid#parse} do not each keep their own copy of {@code "s.whatsapp.net"}.
     */
    static String canonical(String server) {
        return switch (server) {
            case WHATSAPP -> WHATSAPP;
            case LID -> LID;
            case GROUP -> GROUP;
            case BROADCAST -> BROADCAST;
            case LEGACY_USER -> LEGACY_USER;
            case NEWSLETTER -> NEWSLETTER;
            case CALL -> CALL;
            case HOSTED -> HOSTED;
            case HOSTED_LID -> HOSTED_LID;
            case BOT -> BOT;
            case MESSENGER -> MESSENGER;
            case INTEROP -> INTEROP;
            default -> server;
        };
    }
}
