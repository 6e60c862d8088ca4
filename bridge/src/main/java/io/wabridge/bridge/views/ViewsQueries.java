package io.wabridge.bridge.views;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.ChatView;
import io.wabridge.proto.v1.SessionStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the views' stores, from any worker: a key's store lives on the worker whose stream task
 * owns the key's partition (Kafka Streams' {@code application.server} metadata says which), so a query for another
 * worker's key is forwarded to it over HTTP, and the session list asks every worker for its part and merges them.
 * Answers are JSON text (protobuf's JSON mapping, every field printed), passed through unchanged when forwarded.
 */
public final class ViewsQueries {

    /** Set on a forwarded query: the receiver answers from its own stores and never forwards again. */
    public static final String FORWARDED_HEADER = "X-Wabridge-Forwarded";
    public static final int MAX_LIMIT = 1000;

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace()
            .alwaysPrintFieldsWithNoPresence();
    private static final StringSerializer KEYS = new StringSerializer();

    /** An answer: HTTP status and JSON body. */
    public record Answer(int status, String json) {
        static Answer error(int status, String message) {
            return new Answer(status, "{\"error\":" + quote(message) + "}");
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;

    /**
     * {@code self} is this worker's {@code application.server}, or null when it has none (single worker);
     * {@code authorization} the header a forwarded query carries (the workers' peer credential), or null.
     */
    public ViewsQueries(KafkaStreams streams, HostInfo self, Duration timeout, String authorization) {
        this.streams = streams;
        this.self = self;
        this.timeout = timeout;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** One session's status. */
    public Answer session(String id, boolean forwarded) {
        return byOwner(id, forwarded, sessionPath(id), () -> {
            byte[] value = sessions(null).get(id);
            return value == null ? unknown(id) : new Answer(200, print(parse(value, SessionStatus.parser())));
        });
    }

    /** A page of one session's chats, ordered by chat JID, after {@code cursor} (a chat JID) when given. */
    public Answer chats(String id, int limit, String cursor, boolean forwarded) {
        int n = clamp(limit);
        return byOwner(id, forwarded, chatsPath(id, n, cursor), () -> {
            if (sessions(null).get(id) == null) {
                return unknown(id);
            }
            ReadOnlyKeyValueStore<String, byte[]> chats = store(ViewsSettings.CHATS_STORE, null);
            String prefix = ViewsSettings.chatPrefix(id);
            List<String> page = new ArrayList<>();
            String last = null;
            boolean more = false;
            try (KeyValueIterator<String, byte[]> it = cursor == null ? chats.prefixScan(prefix, KEYS)
                    : chats.range(prefix + cursor, id + (char) (ViewsSettings.CHAT_KEY_SEPARATOR + 1))) {
                while (it.hasNext()) {
                    var kv = it.next();
                    if (!kv.key.startsWith(prefix) || cursor != null && kv.key.equals(prefix + cursor)) {
                        continue;
                    }
                    if (page.size() == n) {
                        more = true;
                        break;
                    }
                    ChatView chat = parse(kv.value, ChatView.parser());
                    page.add(print(chat));
                    last = chat.getChat();
                }
            }
            return new Answer(200, "{\"sessionId\":" + quote(id) + ",\"chats\":[" + String.join(",", page)
                    + "],\"nextCursor\":" + (more ? quote(last) : "null") + "}");
        });
    }

    /**
     * A page of all sessions, ordered by session id, after {@code cursor} (a session id) when given: this worker's
     * own part when {@code forwarded}, else every worker's parts merged.
     */
    public Answer sessions(int limit, String cursor, boolean forwarded) {
        int n = clamp(limit);
        TreeMap<String, String> merged = new TreeMap<>();
        try {
            local(n + 1, cursor, merged);
            if (!forwarded && self != null) {
                for (StreamsMetadata peer : streams.metadataForAllStreamsClients()) {
                    if (peer.hostInfo().equals(self)) {
                        continue;
                    }
                    Answer part = get(peer.hostInfo(), sessionsPath(n + 1, cursor));
                    if (part.status() != 200) {
                        return Answer.error(503, "worker " + peer.hostInfo() + " answered " + part.status()
                                + "; try again");
                    }
                    for (Map.Entry<String, String> e : SessionList.parse(part.json()).entrySet()) {
                        merged.put(e.getKey(), e.getValue());
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            return notReady(e);
        } catch (IOException e) {
            return Answer.error(503, "a worker did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(503, "interrupted");
        }
        List<String> page = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (Map.Entry<String, String> e : merged.entrySet()) {
            if (page.size() == n) {
                more = true;
                break;
            }
            page.add(e.getValue());
            last = e.getKey();
        }
        return new Answer(200, "{\"sessions\":[" + String.join(",", page) + "],\"nextCursor\":"
                + (more ? quote(last) : "null") + "}");
    }

    private void local(int n, String cursor, TreeMap<String, String> into) {
        ReadOnlyKeyValueStore<String, byte[]> store = sessions(null);
        TreeMap<String, byte[]> mine = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) { // per partition in order; merged here
            while (it.hasNext()) {
                var kv = it.next();
                if (cursor == null || kv.key.compareTo(cursor) > 0) {
                    mine.put(kv.key, kv.value);
                    if (mine.size() > n) {
                        mine.pollLastEntry();
                    }
                }
            }
        }
        mine.forEach((k, v) -> into.put(k, print(parse(v, SessionStatus.parser()))));
    }

    private interface LocalAnswer {
        Answer get();
    }

    /** Answers from here when this worker holds the session's partition, else from the worker that does. */
    private Answer byOwner(String id, boolean forwarded, String path, LocalAnswer local) {
        try {
            if (forwarded || self == null) {
                return local.get();
            }
            KeyQueryMetadata where = streams.queryMetadataForKey(ViewsSettings.SESSIONS_STORE, id,
                    Serdes.String().serializer());
            if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                return Answer.error(503, "the views are rebalancing; try again");
            }
            if (where.activeHost().equals(self)) {
                return local.get();
            }
            try {
                return get(where.activeHost(), path);
            } catch (IOException e) {
                return Answer.error(503, "worker " + where.activeHost() + " holding session " + id
                        + " did not answer: " + e.getMessage());
            }
        } catch (InvalidStateStoreException e) {
            return notReady(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(503, "interrupted");
        }
    }

    private Answer get(HostInfo host, String path) throws IOException, InterruptedException {
        return get(http, URI.create("http://" + host.host() + ":" + host.port() + path), timeout, authorization, true,
                false);
    }

    /**
     * GET of a views query: {@code forwarded} marks it as asked by another views process, which answers from its own
     * stores; {@code remote} as sent on by a process without the views ({@link RemoteViews#HOP_HEADER});
     * {@code authorization} is the processes' peer credential (null: none).
     */
    static Answer get(HttpClient http, URI uri, Duration timeout, String authorization, boolean forwarded,
                      boolean remote) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").GET();
        if (forwarded) {
            request.header(FORWARDED_HEADER, "1");
        }
        if (remote) {
            request.header(RemoteViews.HOP_HEADER, "1");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** The path of one session's status. */
    static String sessionPath(String id) {
        return "/views/sessions/" + encode(id);
    }

    /** The path of a page of one session's chats ({@code limit} as asked; the answering process clamps it). */
    static String chatsPath(String id, int limit, String cursor) {
        return "/views/sessions/" + encode(id) + "/chats?limit=" + limit
                + (cursor == null ? "" : "&cursor=" + encode(cursor));
    }

    /** The path of a page of the session list. */
    static String sessionsPath(int limit, String cursor) {
        return "/views/sessions?limit=" + limit + (cursor == null ? "" : "&cursor=" + encode(cursor));
    }

    private ReadOnlyKeyValueStore<String, byte[]> sessions(Integer partition) {
        return store(ViewsSettings.SESSIONS_STORE, partition);
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name, Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> q = StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.keyValueStore());
        return streams.store(partition == null ? q : q.withPartition(partition));
    }

    private static Answer unknown(String id) {
        return new Answer(404, "{\"error\":" + quote("unknown session " + id) + ",\"sessionId\":" + quote(id) + "}");
    }

    private static Answer notReady(InvalidStateStoreException e) {
        return Answer.error(503, "the views are not ready (restoring or rebalancing): " + e.getMessage());
    }

    private static int clamp(int limit) {
        return limit <= 0 ? 100 : Math.min(limit, MAX_LIMIT);
    }

    static String print(Message m) {
        try {
            return JSON.print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("views values are always printable", e);
        }
    }

    private static <T> T parse(byte[] value, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a views store holds a value it did not write", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A JSON string literal. */
    static String quote(String s) {
        try {
            return SessionList.MAPPER.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a string is always writable as JSON", e);
        }
    }

    /** Reads another worker's session list page back into id -> JSON object text. */
    static final class SessionList {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();

        static Map<String, String> parse(String json) throws IOException {
            Map<String, String> out = new TreeMap<>(Comparator.naturalOrder());
            for (var node : MAPPER.readTree(json).path("sessions")) {
                out.put(node.path("sessionId").asText(), MAPPER.writeValueAsString(node));
            }
            return out;
        }
    }
}
