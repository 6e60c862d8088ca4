package io.wabridge.bridge.media;

import com.google.protobuf.Timestamp;
import io.wabridge.bridge.contract.ContractHeaders;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.DownloadMedia;
import io.wabridge.proto.v1.MessageEvent;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code wabridge.media.download=eager}: for every received media message the bridge writes a {@code download_media}
 * command to its own commands topic (keyed by the session, protobuf), and acknowledges the message to WhatsApp only
 * once Kafka acknowledged both the message event and that command. The download then runs like any command: off the
 * session's lane, its result logged for dedupe, its offset committed only once its {@code media_stored} (or
 * {@code media_failed}) event and result are published. A crash anywhere loses nothing: before the acknowledgement
 * WhatsApp delivers the message again; after it, the command is in Kafka and is run by whoever owns the partition.
 * Status updates ({@code status@broadcast}) are not downloaded.
 */
public final class EagerDownloads {
    /** Command id of the bridge's own download_media commands: this prefix and the message id. */
    public static final String COMMAND_ID_PREFIX = "wabridge:media:";
    private static final byte[] PROTOBUF = "application/x-protobuf".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_COMMAND_ID = 128;

    private final String topic;
    private final InstantSource clock;

    public EagerDownloads(String commandsTopic, InstantSource clock) {
        this.topic = commandsTopic;
        this.clock = clock;
    }

    /** The download_media command for a received message event, or null when it has no media to download. */
    public CommandEnvelope command(String sessionId, MessageEvent m) {
        if (!m.hasContent() || !m.getContent().hasMedia() || m.getChat().equals("status@broadcast")
                || (COMMAND_ID_PREFIX + m.getId()).length() > MAX_COMMAND_ID
                || m.getContent().getMedia().getDirectPath().isEmpty() && m.getContent().getMedia().getUrl().isEmpty()) {
            return null;
        }
        DownloadMedia.Builder d = DownloadMedia.newBuilder().setMessageId(m.getId()).setChat(m.getChat())
                .setFromMe(m.getFromMe()).setMedia(m.getContent().getMedia());
        if (m.getChat().endsWith("@g.us") && m.hasSender()) {
            d.setSender(!m.getSender().getPn().isEmpty() ? m.getSender().getPn() : m.getSender().getLid());
        }
        long now = clock.millis();
        return CommandEnvelope.newBuilder().setCommandId(COMMAND_ID_PREFIX + m.getId()).setSessionId(sessionId)
                .setIssuedAt(Timestamp.newBuilder().setSeconds(now / 1000).setNanos((int) (now % 1000) * 1_000_000))
                .setDownloadMedia(d).build();
    }

    /** The record of {@link #command}, or null. */
    public ProducerRecord<byte[], byte[]> record(String sessionId, MessageEvent m) {
        CommandEnvelope command = command(sessionId, m);
        if (command == null) {
            return null;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(ContractHeaders.CONTENT_TYPE, PROTOBUF);
        return new ProducerRecord<>(topic, null, sessionId.getBytes(StandardCharsets.UTF_8), command.toByteArray(),
                headers);
    }
}
