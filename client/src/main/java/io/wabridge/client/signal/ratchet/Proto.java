package io.wabridge.client.signal.ratchet;

import java.util.Arrays;

/**
 * The few protobuf wire-format operations the session record and the Signal messages need, over byte arrays, with
 * no generated classes: the records are read and written on every message, so this stays allocation-light.
 * Malformed input raises {@link IllegalArgumentException}. Public for the sender-key cipher in {@code signal.group},
 * which stores and sends the same kind of small messages.
 */
public final class Proto {

    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LEN = 2;
    public static final int FIXED32 = 5;

    private Proto() {
    }

    /** A reader over {@code buf[offset, limit)}. */
    public static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int limit;

        public Reader(byte[] buf) {
            this(buf, 0, buf.length);
        }

        public Reader(byte[] buf, int offset, int limit) {
            if (offset < 0 || limit > buf.length || offset > limit) {
                throw new IllegalArgumentException("bad protobuf bounds");
            }
            this.buf = buf;
            this.pos = offset;
            this.limit = limit;
        }

        public boolean hasMore() {
            return pos < limit;
        }

        /** The next tag (field number << 3 | wire type). */
        public int tag() {
            long tag = varint();
            if (tag <= 0 || tag > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bad protobuf tag " + tag);
            }
            return (int) tag;
        }

        public long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= limit) {
                    throw new IllegalArgumentException("truncated protobuf varint");
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("protobuf varint too long");
        }

        /** A uint32/int32 field: the low 32 bits, as protobuf truncates. */
        public int int32() {
            return (int) varint();
        }

        private int length() {
            long length = varint();
            if (length < 0 || length > limit - pos) {
                throw new IllegalArgumentException("protobuf length out of bounds");
            }
            return (int) length;
        }

        public byte[] bytes() {
            int length = length();
            byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
            pos += length;
            return out;
        }

        public Reader message() {
            int length = length();
            Reader nested = new Reader(buf, pos, pos + length);
            pos += length;
            return nested;
        }

        public void skip(int tag) {
            switch (tag & 7) {
                case VARINT -> varint();
                case FIXED64 -> advance(8);
                case LEN -> advance(length());
                case FIXED32 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + (tag & 7));
            }
        }

        private void advance(int n) {
            if (n > limit - pos) {
                throw new IllegalArgumentException("truncated protobuf field");
            }
            pos += n;
        }
    }

    /** A growable writer; fields are written in the order the caller gives. */
    public static final class Writer {
        private byte[] buf;
        private int pos;

        public Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        public Writer raw(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
            return this;
        }

        public Writer varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buf[pos++] = (byte) value;
            return this;
        }

        public Writer tag(int field, int wireType) {
            return varint((long) field << 3 | wireType);
        }

        /** A uint32 field, always written (proto2 {@code optional} with a value). */
        public Writer uint32(int field, int value) {
            return tag(field, VARINT).varint(Integer.toUnsignedLong(value));
        }

        /** An int32 field, always written; negatives take ten bytes, as protobuf sign-extends them. */
        public Writer int32(int field, int value) {
            return tag(field, VARINT).varint(value);
        }

        public Writer bytes(int field, byte[] value) {
            return bytes(field, value, 0, value.length);
        }

        public Writer bytes(int field, byte[] value, int offset, int length) {
            tag(field, LEN).varint(length);
            ensure(length);
            System.arraycopy(value, offset, buf, pos, length);
            pos += length;
            return this;
        }

        /** A nested message given by its writer. */
        public Writer message(int field, Writer nested) {
            return bytes(field, nested.buf, 0, nested.pos);
        }

        /** proto3 scalar: written only when not zero. */
        public Writer uint32IfSet(int field, int value) {
            return value == 0 ? this : uint32(field, value);
        }

        /** proto3 bytes: written only when not empty. */
        public Writer bytesIfSet(int field, byte[] value) {
            return value.length == 0 ? this : bytes(field, value);
        }

        public void reset() {
            pos = 0;
        }

        public int size() {
            return pos;
        }

        public byte[] buffer() {
            return buf;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }
    }
}
