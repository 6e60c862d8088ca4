package io.wabridge.client.transport;

/** A frame (declared or to be sent) exceeds the configured maximum size. */
public final class FrameTooLargeException extends FramingException {

    private final int length;
    private final int maxLength;

    public FrameTooLargeException(int length, int maxLength) {
        super("frame of " + length + " bytes exceeds the maximum of " + maxLength);
        this.length = length;
        this.maxLength = maxLength;
    }

    public int length() {
        return length;
    }

    public int maxLength() {
        return maxLength;
    }
}
