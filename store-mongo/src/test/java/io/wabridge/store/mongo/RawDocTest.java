package io.wabridge.store.mongo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bson.BsonBinary;
import org.bson.BsonBinaryWriter;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

/** {@link RawDoc} lays out BSON itself: held byte for byte to the driver's {@code BsonBinaryWriter}. */
class RawDocTest {

    @Test
    void everyKindOfFieldIsTheDriversBytes() {
        byte[] message = new byte[300];
        new Random(7).nextBytes(message);
        RawBsonDocument ours = RawDoc.session("acme")
                .string("c", "15550002222@s.whatsapp.net")
                .stringIfPresent("absent", null)
                .stringIfPresent("n", "Zoë 👋 — ünïcödé")
                .string("", "")
                .int32("e", -7)
                .int64("v", Long.MIN_VALUE + 12345)
                .bool("t", true)
                .bool("f", false)
                .binary("m", message)
                .binary("empty", new byte[0])
                .dateTime("at", 1_764_000_000_123L)
                .strings("ids", List.of("a", "bé", ""))
                .strings("none", List.of())
                .start("$set").string("x", "y").start("deeper").int32("z", 1).end().end()
                .start("_id").startArray("$in").item().string("s", "a").end().item().string("s", "b").end().end().end()
                .startArray("no items").end()
                .string("nul inside a value", "a\0b")
                .string("ключ", "значение")
                .int32("naïve", 3)
                .build();

        BasicOutputBuffer out = new BasicOutputBuffer();
        BsonBinaryWriter w = new BsonBinaryWriter(out);
        w.writeStartDocument();
        w.writeString("s", "acme");
        w.writeString("c", "15550002222@s.whatsapp.net");
        w.writeString("n", "Zoë 👋 — ünïcödé");
        w.writeString("", "");
        w.writeInt32("e", -7);
        w.writeInt64("v", Long.MIN_VALUE + 12345);
        w.writeBoolean("t", true);
        w.writeBoolean("f", false);
        w.writeBinaryData("m", new BsonBinary(message));
        w.writeBinaryData("empty", new BsonBinary(new byte[0]));
        w.writeDateTime("at", 1_764_000_000_123L);
        w.writeStartArray("ids");
        w.writeString("a");
        w.writeString("bé");
        w.writeString("");
        w.writeEndArray();
        w.writeStartArray("none");
        w.writeEndArray();
        w.writeStartDocument("$set");
        w.writeString("x", "y");
        w.writeStartDocument("deeper");
        w.writeInt32("z", 1);
        w.writeEndDocument();
        w.writeEndDocument();
        w.writeStartDocument("_id");
        w.writeStartArray("$in");
        w.writeStartDocument();
        w.writeString("s", "a");
        w.writeEndDocument();
        w.writeStartDocument();
        w.writeString("s", "b");
        w.writeEndDocument();
        w.writeEndArray();
        w.writeEndDocument();
        w.writeStartArray("no items");
        w.writeEndArray();
        w.writeString("nul inside a value", "a\0b");
        w.writeString("ключ", "значение");
        w.writeInt32("naïve", 3);
        w.writeEndDocument();
        byte[] theirs = Arrays.copyOf(out.getInternalBuffer(), out.getPosition());

        assertArrayEquals(theirs, Arrays.copyOfRange(ours.getByteBuffer().array(), 0, ours.getByteBuffer().limit()));
        assertEquals("acme", ours.getString("s").getValue());
        assertEquals("Zoë 👋 — ünïcödé", ours.getString("n").getValue());
        assertEquals(1, ours.getDocument("$set").getDocument("deeper").getInt32("z").getValue());
        assertEquals(3, ours.getInt32("naïve").getValue());
        assertEquals("b", ours.getDocument("_id").getArray("$in").get(1).asDocument().getString("s").getValue());
    }

    @Test
    void growsPastItsFirstBufferAndNesting() {
        byte[] big = new byte[5000];
        new Random(11).nextBytes(big);
        String padding = "p".repeat(150);
        String wide = "ж".repeat(200) + "\uD83D" + "👋".repeat(50);
        RawDoc doc = RawDoc.empty().string("pad", padding).string("wide", wide);
        for (int i = 0; i < 6; i++) {
            doc.start("d" + i).int32("level", i);
        }
        doc.string("long", "x".repeat(1000)).binary("big", big).string("ключ".repeat(40), "after");
        for (int i = 0; i < 6; i++) {
            doc.end().bool("closed" + i, true);
        }
        RawBsonDocument ours = doc.build();

        BasicOutputBuffer out = new BasicOutputBuffer();
        BsonBinaryWriter w = new BsonBinaryWriter(out);
        w.writeStartDocument();
        w.writeString("pad", padding);
        w.writeString("wide", wide);
        for (int i = 0; i < 6; i++) {
            w.writeStartDocument("d" + i);
            w.writeInt32("level", i);
        }
        w.writeString("long", "x".repeat(1000));
        w.writeBinaryData("big", new BsonBinary(big));
        w.writeString("ключ".repeat(40), "after");
        for (int i = 0; i < 6; i++) {
            w.writeEndDocument();
            w.writeBoolean("closed" + i, true);
        }
        w.writeEndDocument();

        assertArrayEquals(Arrays.copyOf(out.getInternalBuffer(), out.getPosition()),
                Arrays.copyOfRange(ours.getByteBuffer().array(), 0, ours.getByteBuffer().limit()),
                "nested documents past the first buffer, a non-ASCII string across its end, a lone surrogate");
        assertEquals(5000, ours.getDocument("d0").getDocument("d1").getDocument("d2").getDocument("d3")
                .getDocument("d4").getDocument("d5").getBinary("big").getData().length);
    }

    @Test
    void refusesWhatBsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> RawDoc.empty().string("a\0b", "x"));
        assertThrows(IllegalStateException.class, () -> RawDoc.empty().start("open").build());
        assertThrows(IllegalStateException.class, () -> RawDoc.empty().end());
        assertThrows(IllegalStateException.class, () -> RawDoc.empty().item());
        assertThrows(IllegalStateException.class, () -> RawDoc.empty().start("a document").item());
        assertThrows(IllegalStateException.class, () -> RawDoc.empty().startArray("items").string("named", "x"));
        assertThrows(NullPointerException.class, () -> RawDoc.empty().string("absent", null));
        assertThrows(NullPointerException.class, () -> RawDoc.empty().binary("absent", null));
        RawDoc built = RawDoc.empty();
        built.build();
        assertThrows(IllegalStateException.class, () -> built.string("late", "x"));
        assertThrows(IllegalStateException.class, built::build);
    }
}
