package io.wabridge.client.stanza;

import io.wabridge.client.binary.Node;

/** The server answered an iq with {@code type="error"}; carries its {@code <error code text>}. */
public final class IqErrorException extends IqException {
    private final int code;
    private final String text;
    private final transient Node response;

    public IqErrorException(String requestId, int code, String text, Node response) {
        super("iq " + requestId + " failed: " + code + (text.isEmpty() ? "" : " " + text));
        this.code = code;
        this.text = text;
        this.response = response;
    }

    /** The error code (e.g. 401, 404, 500), or 0 when the server gave none. */
    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    public Node response() {
        return response;
    }
}
