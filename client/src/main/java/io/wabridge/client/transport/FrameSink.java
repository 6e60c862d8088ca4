package io.wabridge.client.transport;

/**
 * Receives decoded frames. The region {@code buffer[offset, offset+length)} is only valid during the
 * call (it may be the caller's chunk or the decoder's buffer): decrypt or copy it before returning.
 */
@FunctionalInterface
public interface FrameSink {

    void onFrame(byte[] buffer, int offset, int length);
}
