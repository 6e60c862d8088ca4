package io.wabridge.simulator.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Variants of what the simulated server sends that other WhatsApp server implementations (or a changed WhatsApp)
 * produce, so a client's tolerance of each can be tested: a {@code <success>} without {@code lid}, acks of
 * another class, acks that never come, missing optional attributes, empty device lists, withheld prekeys, iq
 * errors with codes nobody knows, stanzas nobody knows. All off by default; each switch applies to stanzas sent
 * after it is set. Thread-safe (read on the connections' executors).
 */
public final class InteropSwitches {
    private volatile boolean successWithoutLid;
    private volatile String successLid;
    private volatile boolean pairSuccessWithoutLid;
    private volatile String messageAckClass = "message";
    private final AtomicInteger messageAcksToDrop = new AtomicInteger();
    private volatile boolean duplicateMessageAcks;
    private volatile boolean minimalAttributes;
    private volatile boolean emptyOwnDeviceList;
    private volatile boolean withholdOwnPhoneKeys;
    private volatile String preKeyFetchErrorCode;
    private volatile int preKeyFetchCap;
    private volatile String activeIqErrorCode;
    private volatile boolean activeIqAnsweredWithAck;
    private volatile boolean unknownStanzasAfterLogin;

    /** Every switch off again. */
    public InteropSwitches reset() {
        successWithoutLid = false;
        successLid = null;
        pairSuccessWithoutLid = false;
        messageAckClass = "message";
        messageAcksToDrop.set(0);
        duplicateMessageAcks = false;
        minimalAttributes = false;
        emptyOwnDeviceList = false;
        withholdOwnPhoneKeys = false;
        preKeyFetchErrorCode = null;
        preKeyFetchCap = 0;
        activeIqErrorCode = null;
        activeIqAnsweredWithAck = false;
        unknownStanzasAfterLogin = false;
        return this;
    }

    /** {@code <success>} carries no {@code lid} attribute. */
    public InteropSwitches successWithoutLid(boolean on) {
        successWithoutLid = on;
        return this;
    }

    /** {@code <success lid>} carries this text instead of the device's LID (null: the LID). */
    public InteropSwitches successLid(String literal) {
        successLid = literal;
        return this;
    }

    public boolean successWithoutLid() {
        return successWithoutLid;
    }

    /** The text {@code <success lid>} carries instead of the LID, null for the LID. */
    public String successLid() {
        return successLid;
    }

    /** What {@code <success lid>} carries for a device whose LID is {@code deviceLid}; null: no attribute. */
    public String successLidFor(String deviceLid) {
        return successWithoutLid ? null : successLid != null ? successLid : deviceLid;
    }

    /** pair-success's {@code <device>} carries no {@code lid} attribute. */
    public InteropSwitches pairSuccessWithoutLid(boolean on) {
        pairSuccessWithoutLid = on;
        return this;
    }

    public boolean pairSuccessWithoutLid() {
        return pairSuccessWithoutLid;
    }

    /** The {@code class} of the server's ack of a {@code <message>} (WhatsApp: {@code message}). */
    public InteropSwitches messageAckClass(String ackClass) {
        messageAckClass = ackClass;
        return this;
    }

    public String messageAckClass() {
        return messageAckClass;
    }

    /** The next {@code count} accepted messages are routed but never acknowledged to their sender. */
    public InteropSwitches dropNextMessageAcks(int count) {
        messageAcksToDrop.set(count);
        return this;
    }

    /** Message acks still to be dropped. */
    public int messageAcksToDrop() {
        return messageAcksToDrop.get();
    }

    /** Whether to drop the ack of the message being accepted now (uses up one of {@link #dropNextMessageAcks}). */
    public boolean takeMessageAckDrop() {
        return messageAcksToDrop.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** Each message ack is sent twice (the second matches nothing at the client). */
    public InteropSwitches duplicateMessageAcks(boolean on) {
        duplicateMessageAcks = on;
        return this;
    }

    public boolean duplicateMessageAcks() {
        return duplicateMessageAcks;
    }

    /** {@code <success>} and message acks carry only the attributes a client cannot do without ({@code id}). */
    public InteropSwitches minimalAttributes(boolean on) {
        minimalAttributes = on;
        return this;
    }

    public boolean minimalAttributes() {
        return minimalAttributes;
    }

    /** A usync query lists no devices for the asking account's own user (an empty {@code <device-list/>}). */
    public InteropSwitches emptyOwnDeviceList(boolean on) {
        emptyOwnDeviceList = on;
        return this;
    }

    public boolean emptyOwnDeviceList() {
        return emptyOwnDeviceList;
    }

    /** A prekey fetch for the asking account's own phone (device 0) gets no bundle (404 for that user). */
    public InteropSwitches withholdOwnPhoneKeys(boolean on) {
        withholdOwnPhoneKeys = on;
        return this;
    }

    public boolean withholdOwnPhoneKeys() {
        return withholdOwnPhoneKeys;
    }

    /** A prekey fetch ({@code <iq xmlns=encrypt type=get><key>}) is answered with {@code <error code=CODE>}. */
    public InteropSwitches preKeyFetchErrorCode(String code) {
        preKeyFetchErrorCode = code;
        return this;
    }

    public String preKeyFetchErrorCode() {
        return preKeyFetchErrorCode;
    }

    /**
     * A prekey fetch naming more than {@code devices} devices is refused with {@code <error code=400>}, as a server
     * with a cap would (0: no cap but the simulator's guard, as WhatsApp). Not in the control API: a Java test switch.
     */
    public InteropSwitches preKeyFetchCap(int devices) {
        if (devices < 0) {
            throw new IllegalArgumentException("cap " + devices);
        }
        preKeyFetchCap = devices;
        return this;
    }

    public int preKeyFetchCap() {
        return preKeyFetchCap;
    }

    /** {@code <iq xmlns=passive>} is answered with {@code <error code=CODE>} (any text, e.g. not a number). */
    public InteropSwitches activeIqErrorCode(String code) {
        activeIqErrorCode = code;
        return this;
    }

    public String activeIqErrorCode() {
        return activeIqErrorCode;
    }

    /** {@code <iq xmlns=passive>} is answered with {@code <ack class="iq" id>} instead of an iq result. */
    public InteropSwitches activeIqAnsweredWithAck(boolean on) {
        activeIqAnsweredWithAck = on;
        return this;
    }

    public boolean activeIqAnsweredWithAck() {
        return activeIqAnsweredWithAck;
    }

    /**
     * After {@code <success>}: an {@code <ib>} with an unknown child, a {@code <notification>} of an unknown
     * {@code type} and a stanza of an unknown tag.
     */
    public InteropSwitches unknownStanzasAfterLogin(boolean on) {
        unknownStanzasAfterLogin = on;
        return this;
    }

    public boolean unknownStanzasAfterLogin() {
        return unknownStanzasAfterLogin;
    }
}
