package io.wabridge.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's session table: the bridge's {@code GET /views/sessions} page (the Kafka Streams views) as aligned text,
 * one row per session: id, state, phone number, owning worker, messages in/out, last close reason.
 */
final class SessionTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] HEADER = {"SESSION", "STATE", "PHONE", "WORKER", "IN", "OUT", "LAST CLOSE"};

    private SessionTable() {
    }

    /** The table for a {@code {"sessions":[...]}} body; "(no sessions)" when empty. */
    static String format(String body) throws IOException {
        JsonNode sessions = JSON.readTree(body).path("sessions");
        if (sessions.isEmpty()) {
            return "(no sessions in the views yet)";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (JsonNode s : sessions) {
            String state = s.path("state").asText();
            if (s.path("loggedOut").asBoolean() && !state.equals("LOGGED_OUT")) {
                state += " (logged out)";
            }
            rows.add(new String[] {
                    s.path("sessionId").asText(),
                    state,
                    user(s.path("me").path("pn").asText()),
                    s.path("worker").asText(),
                    s.path("messagesIn").asText("0"),
                    s.path("messagesOut").asText("0"),
                    s.path("lastCloseReason").asText()});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static String user(String jid) {
        int at = jid.indexOf('@');
        return at < 0 ? jid : "+" + jid.substring(0, at);
    }
}
