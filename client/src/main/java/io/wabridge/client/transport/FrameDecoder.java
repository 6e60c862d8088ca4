package io.wabridge.client.transport;

/**
 * Incremental decoder of 3-byte-length-prefixed frames. A chunk may hold several frames and frames
 * may span chunks: complete frames inside a chunk are handed out in place (no copy); only a frame cut
 * by the chunk boundary is buffered, in an array sized for that frame and dropped once it is complete,
 * so an idle connection holds no buffer. One per connection, one thread at a time.
 */
public final class FrameDecoder {

    private final int maxFrameSize;
    private final byte[] lengthBytes = new byte[FrameEncoder.LENGTH_PREFIX];
    private int lengthRead;
    private byte[] partial;
    private int partialRead;

    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Consumes a chunk, calling {@code sink} for each frame it completes.
     *
     * @throws FrameTooLargeException when a frame declares more than the maximum size
     */
    public void feed(byte[] chunk, int offset, int length, FrameSink sink) {
        int end = offset + length;
        int pos = offset;
        while (pos < end) {
            if (partial != null) {
                int take = Math.min(partial.length - partialRead, end - pos);
                System.arraycopy(chunk, pos, partial, partialRead, take);
                pos += take;
                partialRead += take;
                if (partialRead == partial.length) {
                    byte[] frame = partial;
                    partial = null;
                    sink.onFrame(frame, 0, frame.length);
                }
            } else if (lengthRead > 0 || end - pos < FrameEncoder.LENGTH_PREFIX) {
                // The length prefix itself is split across chunks.
                int take = Math.min(FrameEncoder.LENGTH_PREFIX - lengthRead, end - pos);
                System.arraycopy(chunk, pos, lengthBytes, lengthRead, take);
                pos += take;
                lengthRead += take;
                if (lengthRead == FrameEncoder.LENGTH_PREFIX) {
                    lengthRead = 0;
                    startPartial(FrameEncoder.readLength(lengthBytes, 0), sink);
                }
            } else {
                int frameLength = checked(FrameEncoder.readLength(chunk, pos));
                pos += FrameEncoder.LENGTH_PREFIX;
                if (end - pos >= frameLength) {
                    sink.onFrame(chunk, pos, frameLength);
                    pos += frameLength;
                } else {
                    partial = new byte[frameLength];
                    partialRead = 0;
                }
            }
        }
    }

    public void feed(byte[] chunk, FrameSink sink) {
        feed(chunk, 0, chunk.length, sink);
    }

    /** Whether part of a frame is waiting for more input. */
    public boolean hasPartialFrame() {
        return partial != null || lengthRead > 0;
    }

    private void startPartial(int frameLength, FrameSink sink) {
        checked(frameLength);
        if (frameLength == 0) {
            sink.onFrame(lengthBytes, 0, 0);
        } else {
            partial = new byte[frameLength];
            partialRead = 0;
        }
    }

    private int checked(int frameLength) {
        if (frameLength > maxFrameSize) {
            throw new FrameTooLargeException(frameLength, maxFrameSize);
        }
        return frameLength;
    }
}
