package io.wabridge.bridge.contract;

import io.wabridge.proto.v1.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * The session id rules. A session id is 1 to 128 characters of {@code A-Z a-z 0-9 . _ - : @ +}: it becomes part of
 * MongoDB keys, metric tags and log lines, and the narrow alphabet keeps all of those trivially safe. The record key
 * is the session id in ASCII, so key and {@code session_id} compare byte for byte without decoding the key. Ids
 * starting with {@value #RESERVED_PREFIX} are the bridge's own (see {@link #NO_SESSION}) and no session may use
 * them.
 */
public final class SessionIds {

    public static final int MAX_LENGTH = 128;
    /** Session ids with this prefix are reserved for the bridge's own keys. */
    public static final String RESERVED_PREFIX = "wabridge:";
    /**
     * The key (and {@code session-id}) of the error event for a rejected record that names no valid session: no key
     * or an invalid one, and no valid {@code session_id} in a readable body. A well-known key a producer can watch
     * (one partition of the events topic), and reserved, so nothing else is ever published on it.
     */
    public static final String NO_SESSION = RESERVED_PREFIX + "no-session";
    private static final byte[] RESERVED = RESERVED_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private SessionIds() {
    }

    /** True if the character may appear in a session id. */
    static boolean allowed(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '_' || c == '-' || c == ':' || c == '@' || c == '+';
    }

    /** Null if the text is a valid session id, else why not. */
    static String problem(CharSequence id) {
        if (id.length() > MAX_LENGTH) {
            return "is " + id.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        for (int i = 0; i < id.length(); i++) {
            if (!allowed(id.charAt(i))) {
                return "has the character '" + printable(id.charAt(i)) + "' at index " + i
                        + "; only A-Z a-z 0-9 . _ - : @ + are allowed";
            }
        }
        return id.toString().startsWith(RESERVED_PREFIX) ? reserved() : null;
    }

    /** Null if the key bytes are a valid session id, else why not. */
    static String problem(byte[] key) {
        if (key.length > MAX_LENGTH) {
            return "is " + key.length + " bytes long; at most " + MAX_LENGTH + " are allowed";
        }
        for (int i = 0; i < key.length; i++) {
            if (!allowed(key[i] & 0xFF)) {
                return "has the byte 0x" + Integer.toHexString(key[i] & 0xFF) + " at index " + i
                        + "; only A-Z a-z 0-9 . _ - : @ + are allowed";
            }
        }
        return startsWithReserved(key) ? reserved() : null;
    }

    /** The key as a session id, or null if it is not a valid one. */
    public static String ofKey(byte[] key) {
        if (key == null || key.length == 0 || problem(key) != null) {
            return null;
        }
        return new String(key, StandardCharsets.US_ASCII);
    }

    /** True if the (valid, hence ASCII) session id is exactly the key bytes. */
    static boolean sameAsKey(String sessionId, byte[] key) {
        if (sessionId.length() != key.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (sessionId.charAt(i) != (key[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Throws {@link ErrorCode#INVALID_SESSION_ID} unless the id is valid. */
    public static void check(String id, String where) throws InvalidCommandException {
        String problem = problem(id);
        if (problem != null) {
            throw new InvalidCommandException(ErrorCode.INVALID_SESSION_ID, where + " \"" + Printable.truncate(id)
                    + "\" " + problem);
        }
    }

    private static boolean startsWithReserved(byte[] key) {
        if (key.length < RESERVED.length) {
            return false;
        }
        for (int i = 0; i < RESERVED.length; i++) {
            if (key[i] != RESERVED[i]) {
                return false;
            }
        }
        return true;
    }

    private static String reserved() {
        return "starts with \"" + RESERVED_PREFIX + "\", which is reserved for the bridge's own keys";
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
