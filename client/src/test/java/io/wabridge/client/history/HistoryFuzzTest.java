package io.wabridge.client.history;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.fuzz.Fuzzer;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.wa.HistorySync;
import io.wabridge.proto.wa.HistorySyncNotification;
import io.wabridge.proto.wa.WebMessageInfo;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what a verified history chunk goes through: the inflated HistorySync walked by {@link HistoryReader} and cut
 * by {@link HistoryParts} ({@code history-sync}), and the zlib stream before it ({@code history-zlib}). The only
 * documented failures are {@link InvalidProtocolBufferException} (not a HistorySync) and, for zlib, {@link ZipException}
 * and {@link EOFException} (broken or truncated stream): each a {@code PAYLOAD_INVALID} failure part. Anything else
 * (a null pointer, an index out of bounds, an unbounded allocation) fails the test.
 */
class HistoryFuzzTest {

    private static String walk(java.io.InputStream in) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        HistoryParts parts = new HistoryParts(new HistoryParts.Chunk("F", HistorySyncNotification.HistorySyncType.RECENT,
                1, 0, null), Jid.parse("15550001111@s.whatsapp.net"), Jid.parse("90210@lid"), 5, 2048,
                part -> sizes.add(part.messages().size()));
        HistoryReader.read(in, parts);
        parts.finish();
        return "parts:" + Math.min(sizes.size(), 5) + (parts.skipped() > 0 ? ":skipped" : "");
    }

    @Test
    void historySyncProtobufsAreReadOrRefusedAsInvalid() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (byte[] compressed : compressedSeeds()) {
            try (var in = new InflaterInputStream(new ByteArrayInputStream(compressed))) {
                seeds.add(in.readAllBytes());
            }
        }
        Fuzzer.Report report = Fuzzer.target("history-sync", input -> walk(new ByteArrayInputStream(input)))
                .allow(InvalidProtocolBufferException.class)
                .seeds(seeds)
                .token(new byte[] {0x12}).token(new byte[] {0x3a}).token(new byte[] {0x7a}).token(new byte[] {0x0a})
                .token(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f})
                .iterations(4_000)
                .run();
        assertTrue(report.countStartingWith("parts:") > 100, report.toString());
        assertTrue(report.count("InvalidProtocolBufferException") > 100, report.toString());
    }

    @Test
    void zlibStreamsAreInflatedOrRefusedAsBroken() throws Exception {
        Fuzzer.Report report = Fuzzer.target("history-zlib", input -> walk(new InflaterInputStream(
                        new ByteArrayInputStream(input), new Inflater(), 512)))
                .allow(InvalidProtocolBufferException.class)
                .allow(ZipException.class)
                .allow(EOFException.class)
                .seeds(compressedSeeds())
                .iterations(2_000)
                .run();
        assertTrue(report.countStartingWith("parts:") > 10, report.toString());
        assertTrue(report.count("ZipException") + report.count("EOFException") > 100, report.toString());
    }

    private static List<byte[]> compressedSeeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(HistoryTest.chunk(HistorySync.HistorySyncType.INITIAL_BOOTSTRAP, w -> {
            List<WebMessageInfo> list = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                list.add(HistoryTest.text(i % 2 == 0 ? "15550002222@s.whatsapp.net" : "120363000000000001@g.us", "S" + i,
                        i % 3 == 0, i % 2 == 0 ? null : "15550003333@s.whatsapp.net", "text " + i, 1_700_000_000L + i));
            }
            w.conversation(HistoryTest.conversation("15550002222@s.whatsapp.net", list).setName("Alice")
                    .setArchived(true).setMuteEndTime(1_800_000_000L).build());
            w.pushName("15550002222@s.whatsapp.net", "Alice");
            w.lidMapping("15550002222@c.us", "777@lid");
        }));
        seeds.add(HistoryTest.chunk(HistorySync.HistorySyncType.PUSH_NAME, w -> w.pushName("1@s.whatsapp.net", "x")));
        return seeds;
    }
}
