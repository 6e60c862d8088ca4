package io.wabridge.store.mongo;

import org.bson.BsonBinary;
import org.bson.BsonBinaryWriter;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;

/**
 * A document written straight to BSON bytes, for the filters and documents of the per-message writes (the archive,
 * the retry copies, the Signal sessions, the chats). The driver pipes a {@link RawBsonDocument} into its command as bytes,
 * where a {@link org.bson.BsonDocument} tree goes through a codec per value (and the field-tracking and id-holding
 * writers around them): encoding those trees was about half of the worker's CPU in its store bulk writes.
 * Built fields in order, nested documents closed by {@link #end}; {@link #build} closes the document.
 */
final class RawDoc {

    private final BasicOutputBuffer out = new BasicOutputBuffer(192);
    private final BsonBinaryWriter writer = new BsonBinaryWriter(out);

    private RawDoc() {
        writer.writeStartDocument();
    }

    /** A document starting with the session id, as every compound key does. */
    static RawDoc session(String sessionId) {
        return new RawDoc().string(Docs.SESSION, sessionId);
    }

    static RawDoc empty() {
        return new RawDoc();
    }

    RawDoc string(String name, String value) {
        writer.writeString(name, value);
        return this;
    }

    /** {@code name: value} unless {@code value} is null (absent fields keep documents small). */
    RawDoc stringIfPresent(String name, String value) {
        return value == null ? this : string(name, value);
    }

    RawDoc int32(String name, int value) {
        writer.writeInt32(name, value);
        return this;
    }

    RawDoc int64(String name, long value) {
        writer.writeInt64(name, value);
        return this;
    }

    RawDoc bool(String name, boolean value) {
        writer.writeBoolean(name, value);
        return this;
    }

    RawDoc binary(String name, byte[] value) {
        writer.writeBinaryData(name, new BsonBinary(value));
        return this;
    }

    RawDoc dateTime(String name, long millis) {
        writer.writeDateTime(name, millis);
        return this;
    }

    RawDoc strings(String name, Iterable<String> values) {
        writer.writeStartArray(name);
        for (String value : values) {
            writer.writeString(value);
        }
        writer.writeEndArray();
        return this;
    }

    /** Opens the nested document {@code name}, until {@link #end}. */
    RawDoc start(String name) {
        writer.writeStartDocument(name);
        return this;
    }

    RawDoc end() {
        writer.writeEndDocument();
        return this;
    }

    RawBsonDocument build() {
        writer.writeEndDocument();
        return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
    }
}
