package io.wabridge.client.transport;

/**
 * The 4-byte header a client sends before its first frame: 'W' 'A' 6 DV, where DV is the binary-node
 * dictionary version the client speaks (3 today, 2 for older clients). It is also the Noise prologue.
 */
public final class WaHeader {

    public static final int LENGTH = 4;
    public static final int DEFAULT_DICTIONARY_VERSION = 3;
    static final byte W = 'W';
    static final byte A = 'A';
    static final byte MAJOR = 6;

    private WaHeader() {
    }

    public static byte[] bytes(int dictionaryVersion) {
        checkVersion(dictionaryVersion);
        return new byte[] {W, A, MAJOR, (byte) dictionaryVersion};
    }

    static void checkVersion(int dictionaryVersion) {
        if (dictionaryVersion < 0 || dictionaryVersion > 255) {
            throw new IllegalArgumentException("dictionary version must fit a byte: " + dictionaryVersion);
        }
    }
}
