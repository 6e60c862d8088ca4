package io.wabridge.client.newsletter;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * WhatsApp's GraphQL over iq ({@code <iq xmlns=w:mex type=get to=s.whatsapp.net><query query_id>JSON}): the JSON
 * is {@code {"variables": {...}}}; the answer is {@code <result>JSON</result>} with {@code {"data": {...}}} or
 * {@code {"errors": [{"message", "extensions": {"error_code"}}]}} (whatsmeow {@code sendMexIQ}, Baileys
 * {@code executeWMexQuery}). The JSON is read into a protobuf {@link Struct} (the JSON support the client already
 * carries), written by {@link #json}.
 */
public final class Mex {

    /** The query ids of WhatsApp Web (whatsmeow's web set). */
    public static final String FETCH_NEWSLETTER = "6563316087068696";
    public static final String SUBSCRIBED_NEWSLETTERS = "6388546374527196";
    public static final String CREATE_NEWSLETTER = "6234210096708695";
    public static final String FOLLOW_NEWSLETTER = "9926858900719341";
    public static final String UNFOLLOW_NEWSLETTER = "6392786840836363";
    public static final String MUTE_NEWSLETTER = "6274038279359549";
    public static final String UNMUTE_NEWSLETTER = "6068417879924485";

    private Mex() {
    }

    /** The iq of one query. */
    public static Node request(String queryId, Map<String, ?> variables) {
        byte[] body = json(Map.of("variables", variables)).getBytes(StandardCharsets.UTF_8);
        return Node.builder("iq").attr("xmlns", "w:mex").attr("type", "get").attr("to", Jid.SERVER)
                .child(Node.builder("query").attr("query_id", queryId).bytes(body).build()).build();
    }

    /** The error of a GraphQL answer: code (0 when not given) and message. */
    public record Error(int code, String message) {}

    /** A parsed answer: {@code data} (empty when none) and the first error, if any. */
    public record Answer(Struct data, Error error) {}

    /** Reads the {@code <result>} of an answer; a missing or unreadable one is a malformed answer. */
    public static Answer answer(Node iq) {
        Node result = iq.child("result");
        byte[] bytes = result == null ? null : result.bytes();
        if (bytes == null) {
            throw new NewsletterException(NewsletterException.Reason.MALFORMED_RESPONSE, 0,
                    "mex answer without <result>: " + iq);
        }
        Struct root = parse(new String(bytes, StandardCharsets.UTF_8));
        Struct data = struct(root, "data");
        Value errors = root.getFieldsOrDefault("errors", null);
        Error error = null;
        if (errors != null && errors.hasListValue() && errors.getListValue().getValuesCount() > 0) {
            Value first = errors.getListValue().getValues(0);
            Struct e = first.hasStructValue() ? first.getStructValue() : Struct.getDefaultInstance();
            error = new Error((int) number(struct(e, "extensions"), "error_code"), string(e, "message"));
        }
        return new Answer(data == null ? Struct.getDefaultInstance() : data, error);
    }

    /** Parses a JSON object. */
    public static Struct parse(String json) {
        Struct.Builder b = Struct.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new NewsletterException(NewsletterException.Reason.MALFORMED_RESPONSE, 0,
                    "unreadable JSON: " + e.getMessage(), e);
        }
        return b.build();
    }

    /** The object member {@code name}, or null. */
    public static Struct struct(Struct s, String name) {
        Value v = s == null ? null : s.getFieldsOrDefault(name, null);
        return v != null && v.hasStructValue() ? v.getStructValue() : null;
    }

    /** A string member (numbers and booleans as text), or "" when absent or null. */
    public static String string(Struct s, String name) {
        Value v = s == null ? null : s.getFieldsOrDefault(name, null);
        if (v == null) {
            return "";
        }
        return switch (v.getKindCase()) {
            case STRING_VALUE -> v.getStringValue();
            case NUMBER_VALUE -> v.getNumberValue() == Math.rint(v.getNumberValue())
                    ? Long.toString((long) v.getNumberValue()) : Double.toString(v.getNumberValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            default -> "";
        };
    }

    /** A number member, also when WhatsApp sends it as a string ({@code "subscribers_count": "12"}); 0 otherwise. */
    public static long number(Struct s, String name) {
        String text = string(s, name);
        try {
            return text.isEmpty() ? 0 : (long) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Writes maps, lists, strings, numbers, booleans and nulls as JSON. */
    public static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    quote(out, String.valueOf(e.getKey()));
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            case Iterable<?> list -> {
                out.append('[');
                boolean first = true;
                for (Object o : list) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(out, o);
                }
                out.append(']');
            }
            case Boolean b -> out.append(b);
            case Number n -> out.append(n);
            default -> quote(out, value.toString());
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
