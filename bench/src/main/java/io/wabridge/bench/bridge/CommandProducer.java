package io.wabridge.bench.bridge;

import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.Connect;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.QrPairing;
import io.wabridge.proto.v1.SendMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces wabridge.v1 commands (protobuf binary, keyed by session id) as any producer application would. */
public final class CommandProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public CommandProducer(String bootstrap, String topic) {
        this.topic = topic;
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 2));
    }

    /** connect {qr}: the session pairs by QR code, or logs in if it is linked already. */
    public void connect(String session, String commandId) {
        send(CommandEnvelope.newBuilder().setCommandId(commandId).setSessionId(session)
                .setConnect(Connect.newBuilder().setQr(QrPairing.getDefaultInstance())).build());
    }

    /** send_message with a text to a user (JID or bare phone number). */
    public void sendText(String session, String commandId, String to, String text) {
        send(CommandEnvelope.newBuilder().setCommandId(commandId).setSessionId(session)
                .setSendMessage(SendMessage.newBuilder().setTo(to).setContent(MessageContent.newBuilder().setText(text)))
                .build());
    }

    /** Any command (its session id set). */
    public void command(CommandEnvelope command) {
        send(command);
    }

    private void send(CommandEnvelope command) {
        producer.send(new ProducerRecord<>(topic, command.getSessionId().getBytes(StandardCharsets.US_ASCII),
                command.toByteArray()), (metadata, e) -> {
            if (e != null) {
                System.err.println("command " + command.getCommandId() + " not produced: " + e);
            }
        });
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
