package io.wabridge.client.transport;

import java.util.Arrays;

/**
 * Server-side decoder: first the client's preamble (an optional edge-routing prefix, then the WA
 * header with the dictionary version), then frames. The preamble may itself arrive in pieces.
 */
public final class ServerFrameDecoder {

    private static final int MAX_PREAMBLE = EdgeRouting.MAGIC_LENGTH + FrameEncoder.LENGTH_PREFIX
            + EdgeRouting.MAX_ROUTING_INFO + WaHeader.LENGTH;

    private final FrameDecoder frames;
    private byte[] preamble = new byte[EdgeRouting.MAGIC_LENGTH + FrameEncoder.LENGTH_PREFIX + WaHeader.LENGTH];
    private int preambleRead;
    private boolean preambleDone;
    private byte[] header;
    private byte[] routingInfo;

    public ServerFrameDecoder(int maxFrameSize) {
        this.frames = new FrameDecoder(maxFrameSize);
    }

    public void feed(byte[] chunk, int offset, int length, FrameSink sink) {
        int pos = offset;
        int end = offset + length;
        if (!preambleDone) {
            pos = readPreamble(chunk, pos, end);
            if (!preambleDone) {
                return;
            }
        }
        if (pos < end) {
            frames.feed(chunk, pos, end - pos, sink);
        }
    }

    public void feed(byte[] chunk, FrameSink sink) {
        feed(chunk, 0, chunk.length, sink);
    }

    public boolean preambleComplete() {
        return preambleDone;
    }

    /** The dictionary version the client declared, or -1 before the header arrived. */
    public int dictionaryVersion() {
        return header == null ? -1 : header[3] & 0xFF;
    }

    /** The 4-byte WA header as received (the Noise prologue), or null before it arrived. */
    public byte[] header() {
        return header == null ? null : header.clone();
    }

    /** The edge routing info the client presented, or null. */
    public byte[] routingInfo() {
        return routingInfo == null ? null : routingInfo.clone();
    }

    /** Consumes preamble bytes; returns the position after what it consumed. */
    private int readPreamble(byte[] chunk, int pos, int end) {
        while (pos < end && !preambleDone) {
            int target = preambleTarget();
            if (target > preamble.length) {
                preamble = Arrays.copyOf(preamble, target);
            }
            int take = Math.min(target - preambleRead, end - pos);
            System.arraycopy(chunk, pos, preamble, preambleRead, take);
            pos += take;
            preambleRead += take;
            if (preambleRead == target) {
                finishIfComplete();
            }
        }
        return pos;
    }

    /** How many preamble bytes are needed given what has been seen so far. */
    private int preambleTarget() {
        if (preambleRead < 2) {
            return 2;
        }
        if (preamble[0] != EdgeRouting.E) {
            return WaHeader.LENGTH;
        }
        int routingHeader = EdgeRouting.MAGIC_LENGTH + FrameEncoder.LENGTH_PREFIX;
        if (preambleRead < routingHeader) {
            return routingHeader;
        }
        return routingHeader + FrameEncoder.readLength(preamble, EdgeRouting.MAGIC_LENGTH) + WaHeader.LENGTH;
    }

    private void finishIfComplete() {
        if (preambleRead == 2) {
            boolean wa = preamble[0] == WaHeader.W && preamble[1] == WaHeader.A;
            boolean ed = preamble[0] == EdgeRouting.E && preamble[1] == EdgeRouting.D;
            if (!wa && !ed) {
                throw new MalformedPreambleException(String.format("connection starts with %02x %02x, not WA or ED",
                        preamble[0], preamble[1]));
            }
            return;
        }
        int headerOffset = 0;
        if (preamble[0] == EdgeRouting.E) {
            int routingHeader = EdgeRouting.MAGIC_LENGTH + FrameEncoder.LENGTH_PREFIX;
            if (preambleRead == routingHeader) {
                if (preamble[2] != 0 || preamble[3] != 1) {
                    throw new MalformedPreambleException("unknown edge routing version");
                }
                int infoLength = FrameEncoder.readLength(preamble, EdgeRouting.MAGIC_LENGTH);
                if (infoLength > EdgeRouting.MAX_ROUTING_INFO || routingHeader + infoLength + WaHeader.LENGTH > MAX_PREAMBLE) {
                    throw new MalformedPreambleException("routing info of " + infoLength + " bytes is too long");
                }
                return;
            }
            routingInfo = Arrays.copyOfRange(preamble, routingHeader, preambleRead - WaHeader.LENGTH);
            headerOffset = preambleRead - WaHeader.LENGTH;
        } else if (preambleRead < WaHeader.LENGTH) {
            return;
        }
        if (preamble[headerOffset] != WaHeader.W || preamble[headerOffset + 1] != WaHeader.A
                || preamble[headerOffset + 2] != WaHeader.MAJOR) {
            throw new MalformedPreambleException(String.format("bad WA header %02x %02x %02x", preamble[headerOffset],
                    preamble[headerOffset + 1], preamble[headerOffset + 2]));
        }
        header = Arrays.copyOfRange(preamble, headerOffset, headerOffset + WaHeader.LENGTH);
        preamble = null;
        preambleDone = true;
    }
}
