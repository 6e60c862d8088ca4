package io.wabridge.client.binary;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Inflates the zlib body of a compressed frame, refusing to produce more than a fixed number of bytes. */
final class FrameInflater {

    private FrameInflater() {
    }

    static byte[] inflate(byte[] src, int offset, int length, int maxSize)
            throws InflatedSizeExceededException, CorruptCompressionException {
        long limit = (long) maxSize + 1; // producing one byte more than allowed proves the bomb
        byte[] out = new byte[(int) Math.min(limit, Math.max(256, 4L * length))];
        int n = 0;
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(src, offset, length);
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length >= limit) {
                        throw exceeded(maxSize);
                    }
                    out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
                }
                int produced = inflater.inflate(out, n, out.length - n);
                n += produced;
                if (produced == 0 && n < out.length && !inflater.finished()) {
                    if (inflater.needsDictionary()) {
                        throw new CorruptCompressionException("zlib stream asks for a preset dictionary", -1);
                    }
                    throw new CorruptCompressionException("zlib stream is truncated", -1);
                }
            }
            if (n > maxSize) {
                throw exceeded(maxSize);
            }
            if (inflater.getRemaining() > 0) {
                throw new CorruptCompressionException(inflater.getRemaining() + " bytes follow the zlib stream", -1);
            }
        } catch (DataFormatException e) {
            throw new CorruptCompressionException("bad zlib data: " + e.getMessage(), -1);
        } finally {
            inflater.end();
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static InflatedSizeExceededException exceeded(int maxSize) {
        return new InflatedSizeExceededException("compressed frame inflates beyond " + maxSize + " bytes", -1);
    }
}
