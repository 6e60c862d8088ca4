package io.wabridge.bench;

import io.wabridge.store.mongo.RawDoc;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBinary;
import org.bson.BsonBinaryWriter;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding the per-message store documents: one archived message's upsert (filter and {@code $set}, the shape
 * {@code MongoMessageArchive} writes: session, chat, id, epoch, time, sender, a 300-byte sealed message, expiry, push
 * name) by {@link RawDoc}'s own BSON layout ({@code rawDoc}) and by the driver's {@code BsonBinaryWriter} as
 * {@code RawDoc} did before ({@code driverWriter}).
 * <pre>
 *   java -jar bench/target/benchmarks.jar RawDocBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RawDocBenchmark {

    private static final String SESSION = "acme-support-0042";
    private static final String CHAT = "15550002222@s.whatsapp.net";
    private static final String ID = "3EB0C431C26A1916E07A";
    private static final String SENDER = "15550009999@s.whatsapp.net";
    private final byte[] message = new byte[300];

    {
        new Random(1).nextBytes(message);
    }

    @Benchmark
    public int rawDoc() {
        RawBsonDocument filter = RawDoc.session(SESSION).string("c", CHAT).string("i", ID).build();
        RawBsonDocument update = RawDoc.empty().start("$set").string("s", SESSION).string("c", CHAT).string("i", ID)
                .int64("e", 7).int64("t", 1_764_000_000_000L).bool("f", true).string("sn", SENDER)
                .binary("m", message).dateTime("x", 1_766_592_000_000L).string("pn", "Alice").end().build();
        return filter.getByteBuffer().limit() + update.getByteBuffer().limit();
    }

    @Benchmark
    public int driverWriter() {
        Writer filter = new Writer();
        filter.w.writeString("s", SESSION);
        filter.w.writeString("c", CHAT);
        filter.w.writeString("i", ID);
        Writer update = new Writer();
        update.w.writeStartDocument("$set");
        update.w.writeString("s", SESSION);
        update.w.writeString("c", CHAT);
        update.w.writeString("i", ID);
        update.w.writeInt64("e", 7);
        update.w.writeInt64("t", 1_764_000_000_000L);
        update.w.writeBoolean("f", true);
        update.w.writeString("sn", SENDER);
        update.w.writeBinaryData("m", new BsonBinary(message));
        update.w.writeDateTime("x", 1_766_592_000_000L);
        update.w.writeString("pn", "Alice");
        update.w.writeEndDocument();
        return filter.build().getByteBuffer().limit() + update.build().getByteBuffer().limit();
    }

    /** What {@code RawDoc} was: the driver's writer over a 192-byte buffer. */
    private static final class Writer {
        final BasicOutputBuffer out = new BasicOutputBuffer(192);
        final BsonBinaryWriter w = new BsonBinaryWriter(out);

        Writer() {
            w.writeStartDocument();
        }

        RawBsonDocument build() {
            w.writeEndDocument();
            return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
        }
    }
}
