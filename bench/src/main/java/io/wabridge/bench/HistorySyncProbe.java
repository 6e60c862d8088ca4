package io.wabridge.bench;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.history.HistoryParts;
import io.wabridge.client.history.HistoryReader;
import io.wabridge.client.history.HistorySettings;
import io.wabridge.client.history.HistoryWriter;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.media.ExpectedMedia;
import io.wabridge.client.media.MediaCrypto;
import io.wabridge.client.media.MediaDigest;
import io.wabridge.client.media.MediaKeys;
import io.wabridge.client.media.MediaType;
import io.wabridge.proto.wa.ExtendedTextMessage;
import io.wabridge.proto.wa.HistoryConversation;
import io.wabridge.proto.wa.HistorySync;
import io.wabridge.proto.wa.HistorySyncMsg;
import io.wabridge.proto.wa.HistorySyncNotification;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.MessageKey;
import io.wabridge.proto.wa.WebMessageInfo;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * History sync into events: a generated history of {@code messages} messages ({@code chats} chats, texts and
 * extended texts of 40-200 characters) written as a phone does (zlib HistorySync, encrypted with "WhatsApp History
 * Keys"), then per round what the client does with a downloaded chunk: verify and decrypt it to a file
 * ({@code MediaCrypto.decryptToFile}), inflate it as a stream, walk it with {@link HistoryReader} and cut it into
 * {@link ClientEvent.HistorySync} parts ({@link HistoryParts}, default limits), each part's messages then encoded
 * as protobuf (standing in for the hand-off to the bridge's encoder). Prints messages per second (median and range of
 * the rounds) and the peak heap in use during the rounds (all heap pools' peak since a reset after a GC; it includes
 * garbage not yet collected, so run with a small {@code -Xmx} to show the bound: the probe needs far less than the
 * history's size).
 * <pre>
 *   java -Xmx64m -cp bench/target/benchmarks.jar io.wabridge.bench.HistorySyncProbe [messages=100000] [chats=100] [rounds=3]
 * </pre>
 */
public final class HistorySyncProbe {

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int chats = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.println("load average at start: " + ProbeSupport.loadAverage() + ", cores "
                + Runtime.getRuntime().availableProcessors() + ", max heap "
                + Runtime.getRuntime().maxMemory() / 1048576 + " MiB, " + Runtime.version());
        Path dir = Files.createTempDirectory("history-probe");
        Path zlib = dir.resolve("history.z");
        Path enc = dir.resolve("history.enc");
        Path dec = dir.resolve("history.dec");
        try {
            long plainBytes = generate(zlib, messages, chats);
            byte[] mediaKey = MediaKeys.newMediaKey();
            MediaDigest digest;
            try (InputStream in = Files.newInputStream(zlib); OutputStream out = Files.newOutputStream(enc)) {
                digest = MediaCrypto.encrypt(in, out, MediaKeys.derive(mediaKey, MediaType.HISTORY));
            }
            System.out.printf("history: %d messages in %d chats, %.1f MB of protobuf, %.1f MB compressed%n", messages,
                    chats, plainBytes / 1e6, Files.size(zlib) / 1e6);
            List<Double> rates = new ArrayList<>();
            long peak = 0;
            for (int r = 0; r <= rounds; r++) { // round 0 warms up and is not counted
                ProbeSupport.usedHeapAfterGc();
                List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP).toList();
                pools.forEach(MemoryPoolMXBean::resetPeakUsage);
                long t0 = System.nanoTime();
                try (InputStream in = Files.newInputStream(enc)) {
                    MediaCrypto.decryptToFile(in, dec, MediaKeys.derive(mediaKey, MediaType.HISTORY),
                            ExpectedMedia.of(digest));
                }
                AtomicLong count = new AtomicLong();
                AtomicLong encoded = new AtomicLong();
                HistoryParts parts = new HistoryParts(new HistoryParts.Chunk("N",
                        HistorySyncNotification.HistorySyncType.FULL, 1, 100, null),
                        Jid.parse("15550001111@s.whatsapp.net"), null, HistorySettings.DEFAULTS.maxMessagesPerPart(),
                        HistorySettings.DEFAULTS.maxBytesPerPart(), part -> {
                            for (ClientEvent.MessageReceived m : part.messages()) {
                                encoded.addAndGet(m.message().toByteArray().length);
                            }
                            count.addAndGet(part.messages().size());
                        });
                try (InputStream in = new InflaterInputStream(Files.newInputStream(dec), new Inflater(), 64 * 1024)) {
                    HistoryReader.read(in, parts);
                }
                parts.finish();
                long nanos = System.nanoTime() - t0;
                long roundPeak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                if (count.get() != messages) {
                    throw new IllegalStateException("read " + count.get() + " of " + messages + " messages");
                }
                if (r > 0) {
                    rates.add(messages / (nanos / 1e9));
                    peak = Math.max(peak, roundPeak);
                }
                System.out.printf("round %d: %d messages in %d parts, %.0f ms, %.0f messages/s, peak heap %.1f MiB%n",
                        r, count.get(), parts.parts(), nanos / 1e6, messages / (nanos / 1e9), roundPeak / 1048576.0);
            }
            System.out.printf("messages/s (median, range): %s; peak heap in use during the rounds: %.1f MiB%n",
                    ProbeSupport.medianAndRange(rates), peak / 1048576.0);
        } finally {
            Files.deleteIfExists(zlib);
            Files.deleteIfExists(enc);
            Files.deleteIfExists(dec);
            Files.deleteIfExists(dir);
        }
        System.out.println("load average at end: " + ProbeSupport.loadAverage());
    }

    /** Writes the history chat by chat; returns the uncompressed size. */
    private static long generate(Path target, int messages, int chats) throws Exception {
        java.util.Random random = new java.util.Random(42);
        long plain = 0;
        int perChat = messages / chats;
        int rest = messages % chats;
        try (OutputStream out = Files.newOutputStream(target);
             HistoryWriter w = new HistoryWriter(out, HistorySync.HistorySyncType.FULL, 1, 100)) {
            for (int c = 0; c < chats; c++) {
                String chat = String.format("1555%07d@s.whatsapp.net", c);
                HistoryConversation.Builder conv = HistoryConversation.newBuilder().setId(chat).setName("Contact " + c);
                int n = perChat + (c < rest ? 1 : 0);
                for (int i = 0; i < n; i++) {
                    String text = "x".repeat(40 + random.nextInt(160));
                    Message m = i % 4 == 0
                            ? Message.newBuilder().setExtendedTextMessage(ExtendedTextMessage.newBuilder().setText(text)
                                    .setMatchedText("https://example.com/" + i)).build()
                            : Message.newBuilder().setConversation(text).build();
                    conv.addMessages(HistorySyncMsg.newBuilder().setMsgOrderId(i).setMessage(WebMessageInfo.newBuilder()
                            .setKey(MessageKey.newBuilder().setRemoteJid(chat).setId("3EB0" + c + "X" + i)
                                    .setFromMe(i % 3 == 0))
                            .setMessageTimestamp(1_700_000_000L + i).setMessage(m)));
                }
                HistoryConversation built = conv.build();
                plain += built.getSerializedSize();
                w.conversation(built);
            }
        }
        return plain;
    }
}
