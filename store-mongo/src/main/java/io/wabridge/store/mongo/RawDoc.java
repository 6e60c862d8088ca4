package io.wabridge.store.mongo;

import java.util.Arrays;
import java.util.Objects;
import org.bson.RawBsonDocument;

/**
 * A document written straight to BSON bytes, for the filters and documents of the per-message writes (the archive,
 * the retry copies, the Signal sessions, the chats). The driver pipes a {@link RawBsonDocument} into its command as
 * bytes, where a {@link org.bson.BsonDocument} tree goes through a codec per value (and the field-tracking and
 * id-holding writers around them): encoding those trees was about half of the worker's CPU in its store bulk writes.
 * Built fields in order, nested documents and arrays closed by {@link #end}; {@link #build} closes the document.
 * A value may not be null (leave the field out: {@link #stringIfPresent}).
 *
 * <p>The bytes are laid out here (BSON 1.1: a little-endian length, typed elements, a closing zero) rather than by the
 * driver's {@code BsonBinaryWriter}, whose per-character string output and per-call state checks were most of the
 * cost of these small documents. {@code RawDocTest} holds this writer to the driver's bytes. Public for the bridge's
 * per-command writes (its command log) in the same form.
 */
public final class RawDoc {

    private static final byte STRING = 0x02;
    private static final byte DOCUMENT = 0x03;
    private static final byte ARRAY = 0x04;
    private static final byte BINARY = 0x05;
    private static final byte BOOLEAN = 0x08;
    private static final byte DATE_TIME = 0x09;
    private static final byte INT32 = 0x10;
    private static final byte INT64 = 0x12;

    private byte[] bytes = new byte[192];
    private int position;
    /** Where each open document's length goes, innermost last. */
    private int[] open = new int[4];
    /** Per open level: the next item's index in an array, -1 in a document. */
    private int[] items = new int[4];
    private int depth;

    private RawDoc() {
        startDocument();
    }

    /** A document starting with the session id, as every compound key does. */
    public static RawDoc session(String sessionId) {
        return new RawDoc().string(Docs.SESSION, sessionId);
    }

    public static RawDoc empty() {
        return new RawDoc();
    }

    public RawDoc string(String name, String value) {
        Objects.requireNonNull(value, name);
        named(STRING, name);
        stringValue(value);
        return this;
    }

    /** {@code name: value} unless {@code value} is null (absent fields keep documents small). */
    public RawDoc stringIfPresent(String name, String value) {
        return value == null ? this : string(name, value);
    }

    public RawDoc int32(String name, int value) {
        named(INT32, name);
        int32Value(value);
        return this;
    }

    public RawDoc int64(String name, long value) {
        named(INT64, name);
        int64Value(value);
        return this;
    }

    public RawDoc bool(String name, boolean value) {
        named(BOOLEAN, name);
        ensure(1);
        bytes[position++] = (byte) (value ? 1 : 0);
        return this;
    }

    public RawDoc binary(String name, byte[] value) {
        Objects.requireNonNull(value, name);
        named(BINARY, name);
        ensure(5 + value.length);
        putInt32(position, value.length);
        position += 4;
        bytes[position++] = 0; // generic binary subtype
        System.arraycopy(value, 0, bytes, position, value.length);
        position += value.length;
        return this;
    }

    public RawDoc dateTime(String name, long millis) {
        named(DATE_TIME, name);
        int64Value(millis);
        return this;
    }

    /** An array of strings; its element names are the indexes, as BSON wants. */
    public RawDoc strings(String name, Iterable<String> values) {
        startArray(name);
        for (String value : values) {
            Objects.requireNonNull(value, name);
            element(STRING, nextIndex());
            stringValue(value);
        }
        return end();
    }

    /** Opens the array {@code name}, until {@link #end}; its items are documents opened by {@link #item}. */
    public RawDoc startArray(String name) {
        named(ARRAY, name);
        startDocument();
        items[depth - 1] = 0;
        return this;
    }

    /** Opens the next item of the array open here, a document, until {@link #end}. */
    public RawDoc item() {
        element(DOCUMENT, nextIndex());
        startDocument();
        return this;
    }

    /** Opens the nested document {@code name}, until {@link #end}. */
    public RawDoc start(String name) {
        named(DOCUMENT, name);
        startDocument();
        return this;
    }

    public RawDoc end() {
        if (depth <= 1) {
            throw new IllegalStateException("no nested document is open");
        }
        endDocument();
        return this;
    }

    public RawBsonDocument build() {
        if (depth != 1) {
            throw new IllegalStateException(
                    depth == 0 ? "already built" : (depth - 1) + " nested document(s) still open");
        }
        endDocument();
        return new RawBsonDocument(bytes, 0, position);
    }

    private void startDocument() {
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
            items = Arrays.copyOf(items, depth * 2);
        }
        ensure(4);
        items[depth] = -1;
        open[depth++] = position;
        position += 4;
    }

    /** The name of the next item of the array open here: its index. */
    private String nextIndex() {
        if (depth == 0 || items[depth - 1] < 0) {
            throw new IllegalStateException("no array is open");
        }
        return Integer.toString(items[depth - 1]++);
    }

    private void endDocument() {
        ensure(1);
        bytes[position++] = 0;
        int start = open[--depth];
        putInt32(start, position - start);
    }

    /** A named field: in a document, not among an array's items (which {@link #item} names by index). */
    private void named(byte type, String name) {
        if (depth > 0 && items[depth - 1] >= 0) {
            throw new IllegalStateException("an array is open here: its items are added with item(), not " + name);
        }
        element(type, name);
    }

    /** The element's type and its name as a C string (no NUL inside, unlike a string value); ASCII byte by byte. */
    private void element(byte type, String name) {
        if (depth == 0) {
            throw new IllegalStateException("already built");
        }
        int length = name.length();
        ensure(2 + length);
        int at = position;
        bytes[at++] = type;
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (c == 0 || c >= 0x80) {
                nonAsciiName(type, name); // from the element's start again: position has not moved
                return;
            }
            bytes[at++] = (byte) c;
        }
        bytes[at++] = 0;
        position = at;
    }

    private void nonAsciiName(byte type, String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a BSON field name cannot contain NUL: " + name);
        }
        bytes[position++] = type;
        utf8(name);
        ensure(1);
        bytes[position++] = 0;
    }

    /** A BSON string: its UTF-8 length with the closing zero, the bytes, the zero; ASCII byte by byte. */
    private void stringValue(String value) {
        int length = value.length();
        ensure(5 + length);
        int at = position + 4;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                nonAsciiValue(value); // from the value's start again: position has not moved
                return;
            }
            bytes[at++] = (byte) c;
        }
        bytes[at++] = 0;
        putInt32(position, length + 1);
        position = at;
    }

    private void nonAsciiValue(String value) {
        int lengthAt = position;
        position += 4;
        utf8(value);
        ensure(1);
        bytes[position++] = 0;
        putInt32(lengthAt, position - lengthAt - 4);
    }

    /**
     * {@code text} as UTF-8 by code point, as the driver's {@code OutputBuffer.writeCharacters} does (a lone
     * surrogate as its three bytes, where {@link String#getBytes} would write {@code ?}).
     */
    private void utf8(String text) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            ensure(4);
            if (c < 0x80) {
                bytes[position++] = (byte) c;
            } else if (c < 0x800) {
                bytes[position++] = (byte) (0xc0 | c >> 6);
                bytes[position++] = (byte) (0x80 | c & 0x3f);
            } else if (c < 0x10000) {
                bytes[position++] = (byte) (0xe0 | c >> 12);
                bytes[position++] = (byte) (0x80 | c >> 6 & 0x3f);
                bytes[position++] = (byte) (0x80 | c & 0x3f);
            } else {
                bytes[position++] = (byte) (0xf0 | c >> 18);
                bytes[position++] = (byte) (0x80 | c >> 12 & 0x3f);
                bytes[position++] = (byte) (0x80 | c >> 6 & 0x3f);
                bytes[position++] = (byte) (0x80 | c & 0x3f);
            }
        }
    }

    private void int32Value(int value) {
        ensure(4);
        putInt32(position, value);
        position += 4;
    }

    private void int64Value(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[position++] = (byte) (value >>> (8 * i));
        }
    }

    private void putInt32(int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }

    private void ensure(int more) {
        if (position + more > bytes.length) {
            // room for the fields usually written after a large value (its expiry, the optional names)
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more + 128));
        }
    }
}
