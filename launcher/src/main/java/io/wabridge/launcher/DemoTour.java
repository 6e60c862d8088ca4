package io.wabridge.launcher;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
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
 * that QR, then {@code paired} and {@code connection_update OPEN}; then a simulated contact's message arriving as
 * a {@code message} event, and a {@code send_message} command reaching that contact.
 */
final class DemoTour {
    static final String SESSION = "demo";
    static final String PHONE = "15550001111";
    static final String CONTACT = "15550002222";
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
                        exchangeMessages(stack, events, commands, seen, out, deadline);
                        return seen;
                    }
                }
            }
        }
        throw new IllegalStateException("session '" + SESSION + "' did not open within " + timeout.toSeconds() + " s");
    }

    /** A contact writes to the demo account (a message event), and the demo account answers (send_message). */
    private static void exchangeMessages(DemoStack stack, KafkaConsumer<byte[], byte[]> events,
                                         KafkaProducer<String, String> commands, List<EventEnvelope> seen,
                                         PrintStream out, long deadline) throws Exception {
        PhoneAccount contactAccount = stack.simulator().accounts().find(CONTACT)
                .orElseGet(() -> stack.simulator().accounts().create(CONTACT));
        SimulatedContact contact = stack.simulator().accounts().messaging().contact(contactAccount);
        PhoneAccount demoAccount = stack.simulator().accounts().require(PHONE);
        out.println("   the simulated contact +" + CONTACT + " writes to +" + PHONE + "...");
        contact.sendText(demoAccount.jid(), "Hello from a simulated contact");
        awaitEvent(events, seen, out, deadline, EventEnvelope::hasMessage);

        String command = "{\"commandId\":\"demo-send-" + System.currentTimeMillis() + "\",\"sendMessage\":{\"to\":\""
                + CONTACT + "\",\"content\":{\"text\":\"Hello back, through Kafka\"}}}";
        out.println("-> " + COMMANDS + "  key=" + SESSION + "  " + command);
        ProducerRecord<String, String> record = new ProducerRecord<>(COMMANDS, SESSION, command);
        record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        commands.send(record).get(10, TimeUnit.SECONDS);
        awaitEvent(events, seen, out, deadline, e -> e.hasCommandResult() && e.getCommandResult().hasOk()
                && !e.getCommandResult().getOk().getMessageId().isEmpty());
        ContactMessage received = contact.awaitMessage(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (received == null) {
            throw new IllegalStateException("the contact did not receive the message");
        }
        out.println("   the contact received \"" + received.text() + "\" (WhatsApp id " + received.id() + ")");
    }

    private static EventEnvelope awaitEvent(KafkaConsumer<byte[], byte[]> events, List<EventEnvelope> seen, PrintStream out,
                                            long deadline, java.util.function.Predicate<EventEnvelope> wanted) throws Exception {
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : events.poll(Duration.ofMillis(200))) {
                EventEnvelope event = EventEnvelope.parseFrom(r.value());
                if (!SESSION.equals(event.getSessionId())) {
                    continue;
                }
                seen.add(event);
                out.println("<- " + EVENTS + "  " + JsonFormat.printer().omittingInsignificantWhitespace().print(event));
                if (wanted.test(event)) {
                    return event;
                }
            }
        }
        throw new IllegalStateException("the expected event did not arrive in time");
    }
}
