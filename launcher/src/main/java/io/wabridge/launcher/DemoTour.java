package io.wabridge.launcher;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.simulator.account.PhoneAccount;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the demo shows once the stack is ready, through Kafka only, as a producer and a consumer would: a
 * {@code connect} command for session {@code demo}, the {@code qr} event it causes, a simulated phone scanning
 * that QR, then {@code paired} and {@code connection_update OPEN}.
 */
final class DemoTour {
    static final String SESSION = "demo";
    static final String PHONE = "15550001111";
    private static final String COMMANDS = "wabridge.commands";
    private static final String EVENTS = "wabridge.events";

    private DemoTour() {}

    /** The events the tour saw, in order; fails if the session is not open within the timeout. */
    static List<EventEnvelope> run(DemoStack stack, PrintStream out, Duration timeout) throws Exception {
        PhoneAccount phone = stack.simulator().accounts().find(PHONE)
                .orElseGet(() -> stack.simulator().accounts().create(PHONE));
        String bootstrap = stack.kafka().bootstrapServers();
        List<EventEnvelope> seen = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> events = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, String> commands = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                     "acks", "all"), new StringSerializer(), new StringSerializer())) {
            List<TopicPartition> partitions = events.partitionsFor(EVENTS).stream()
                    .map(p -> new TopicPartition(EVENTS, p.partition())).toList();
            events.assign(partitions);
            events.seekToEnd(partitions);
            partitions.forEach(events::position); // resolve the end now, before the command is produced

            String command = "{\"commandId\":\"demo-connect-" + System.currentTimeMillis() + "\",\"connect\":{\"qr\":{}}}";
            out.println("-> " + COMMANDS + "  key=" + SESSION + "  " + command);
            ProducerRecord<String, String> record = new ProducerRecord<>(COMMANDS, SESSION, command);
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            commands.send(record).get(10, TimeUnit.SECONDS);

            long deadline = System.nanoTime() + timeout.toNanos();
            boolean scanned = false;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : events.poll(Duration.ofMillis(200))) {
                    EventEnvelope event = EventEnvelope.parseFrom(r.value());
                    if (!SESSION.equals(event.getSessionId())) {
                        continue;
                    }
                    seen.add(event);
                    out.println("<- " + EVENTS + "  " + JsonFormat.printer().omittingInsignificantWhitespace().print(event));
                    if (event.hasQr() && !scanned) {
                        scanned = true;
                        out.println("   the simulated phone +" + PHONE + " scans the QR code...");
                        phone.phone().scanQr(event.getQr().getCode());
                    }
                    if (event.hasConnectionUpdate() && event.getConnectionUpdate().getState() == ConnectionUpdate.State.OPEN) {
                        return seen;
                    }
                }
            }
        }
        throw new IllegalStateException("session '" + SESSION + "' did not open within " + timeout.toSeconds() + " s");
    }
}
