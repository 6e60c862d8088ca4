package io.wabridge.client.history;

import com.google.protobuf.CodedOutputStream;
import io.wabridge.proto.wa.HistoryConversation;
import io.wabridge.proto.wa.HistorySync;
import io.wabridge.proto.wa.PhoneNumberToLIDMapping;
import io.wabridge.proto.wa.Pushname;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a zlib-compressed HistorySync field by field, the way a primary phone makes a chunk, without building the
 * whole message: one conversation at a time. The bytes are those of the equivalent HistorySync message (fields in
 * the order written). For the simulated phone, tests and benchmarks.
 */
public final class HistoryWriter implements AutoCloseable {
    private final DeflaterOutputStream zlib;
    private final CodedOutputStream out;

    public HistoryWriter(OutputStream target, HistorySync.HistorySyncType type, int chunkOrder, int progress)
            throws IOException {
        this.zlib = new DeflaterOutputStream(target, new Deflater(Deflater.DEFAULT_COMPRESSION), 64 * 1024);
        this.out = CodedOutputStream.newInstance(zlib, 64 * 1024);
        out.writeEnum(1, type.getNumber());
        out.writeUInt32(5, chunkOrder);
        out.writeUInt32(6, progress);
    }

    public HistoryWriter conversation(HistoryConversation conversation) throws IOException {
        out.writeMessage(2, conversation);
        return this;
    }

    public HistoryWriter pushName(String jid, String name) throws IOException {
        out.writeMessage(7, Pushname.newBuilder().setId(jid).setPushname(name).build());
        return this;
    }

    public HistoryWriter lidMapping(String pnJid, String lidJid) throws IOException {
        out.writeMessage(15, PhoneNumberToLIDMapping.newBuilder().setPnJid(pnJid).setLidJid(lidJid).build());
        return this;
    }

    /** Finishes the zlib stream (the target stays open). */
    @Override
    public void close() throws IOException {
        out.flush();
        zlib.finish();
        zlib.flush();
    }
}
