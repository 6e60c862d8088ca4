package io.wabridge.bridge.contract;

import io.wabridge.proto.v1.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * How a record value is encoded, named by the record's {@code content-type} header: protobuf binary (the default,
 * also when the header is absent) or protobuf's canonical JSON mapping.
 */
public enum WireFormat {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private static final byte[] PROTOBUF_ALIAS = "application/protobuf".getBytes(StandardCharsets.US_ASCII);

    private final String contentType;
    private final byte[] headerValue;

    WireFormat(String contentType) {
        this.contentType = contentType;
        this.headerValue = contentType.getBytes(StandardCharsets.US_ASCII);
    }

    /** The content type this bridge writes for the format. */
    public String contentType() {
        return contentType;
    }

    /** {@link #contentType()} as header bytes; shared, never to be modified. */
    byte[] headerValue() {
        return headerValue;
    }

    /** The format selected by a configuration value: {@code protobuf} or {@code json}, any case. */
    public static WireFormat ofConfig(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "protobuf", "proto" -> PROTOBUF;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("event format must be protobuf or json, not \"" + value + "\"");
        };
    }

    /**
     * The format a command record declares. The header name is matched in any case; its value ignores case, spaces
     * and parameters ({@code application/json; charset=utf-8} is JSON). No header, or an empty one, means protobuf.
     *
     * @throws InvalidCommandException {@link ErrorCode#UNSUPPORTED_CONTENT_TYPE} for any other type
     */
    public static WireFormat of(Headers headers) throws InvalidCommandException {
        byte[] value = null;
        if (headers != null) {
            for (Header h : headers) {
                if (h.key().equalsIgnoreCase(ContractHeaders.CONTENT_TYPE)) {
                    value = h.value(); // the last one wins, as with Headers.lastHeader
                }
            }
        }
        return ofHeaderValue(value);
    }

    static WireFormat ofHeaderValue(byte[] value) throws InvalidCommandException {
        if (value == null) {
            return PROTOBUF;
        }
        int from = 0;
        int to = 0;
        while (to < value.length && value[to] != ';') {
            to++;
        }
        while (from < to && isSpace(value[from])) {
            from++;
        }
        while (to > from && isSpace(value[to - 1])) {
            to--;
        }
        if (from == to || matches(value, from, to, PROTOBUF.headerValue) || matches(value, from, to, PROTOBUF_ALIAS)) {
            return PROTOBUF;
        }
        if (matches(value, from, to, JSON.headerValue)) {
            return JSON;
        }
        String shown = new String(value, StandardCharsets.UTF_8);
        throw new InvalidCommandException(ErrorCode.UNSUPPORTED_CONTENT_TYPE, "content-type \""
                + Printable.truncate(shown) + "\" is not supported; use application/x-protobuf (the default when the"
                + " header is absent), application/protobuf or application/json");
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** ASCII case-insensitive equality of value[from, to) and expected (lower case). */
    private static boolean matches(byte[] value, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            int b = value[from + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
