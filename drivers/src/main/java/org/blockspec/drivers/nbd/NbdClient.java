package org.blockspec.drivers.nbd;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.nbd.Nbd;
import org.blockspec.nbd.NbdChannel;
import org.blockspec.nbd.NbdOptions;

/**
 * One client connection to an NBD server: the fixed newstyle handshake (structured replies,
 * base:allocation, NBD_OPT_GO), then requests one at a time with their replies read whole.
 * Protocol violations by the server end the connection with an IOException.
 */
final class NbdClient implements AutoCloseable {
    /** What NBD_OPT_GO told us about the export. */
    record ExportInfo(long size, int flags, int minBlock, int maxBlock, boolean baseAllocation) {
        boolean has(int flag) { return (flags & flag) != 0; }
    }

    /** The outcome of one request: an errno from the server (0 on success). */
    private final NbdChannel ch;
    private final ExportInfo info;
    private long nextHandle = 1;

    private NbdClient(NbdChannel ch, ExportInfo info) {
        this.ch = ch;
        this.info = info;
    }

    ExportInfo info() { return info; }

    /** Connects and negotiates; refusals carry QEMU's messages. */
    static NbdClient connect(SocketAddress address, String describe, String export) throws BlockException {
        SocketChannel s;
        try {
            s = SocketChannel.open(address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                    : ((java.net.InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            s.connect(address);
        } catch (IOException e) {
            throw new BlockException("Failed to connect to '" + describe + "': " + reason(e));
        }
        NbdChannel ch = new NbdChannel(s);
        try {
            return new NbdClient(ch, handshake(ch, export));
        } catch (IOException e) {
            closeQuietly(ch);
            throw new BlockException("Failed to read initial magic: " + reason(e));
        } catch (BlockException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static ExportInfo handshake(NbdChannel ch, String export) throws IOException, BlockException {
        ByteBuffer g = ch.read(18, "greeting");
        if (g.getLong() != Nbd.NBDMAGIC) throw new BlockException("Invalid magic received");
        if (g.getLong() != Nbd.IHAVEOPT) throw new BlockException("Server does not support the fixed newstyle protocol");
        ch.write(ByteBuffer.allocate(4).putInt(Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES).flip());
        ch.write(NbdOptions.request(Nbd.OPT_STRUCTURED_REPLY, ByteBuffer.allocate(0)));
        boolean structured = optionReply(ch, Nbd.OPT_STRUCTURED_REPLY).type() == Nbd.REP_ACK;
        boolean base = false;
        if (structured) {
            ch.write(NbdOptions.request(Nbd.OPT_SET_META_CONTEXT, NbdOptions.metaContextRequest(export, Nbd.BASE_ALLOCATION)));
            while (true) {
                Reply r = optionReply(ch, Nbd.OPT_SET_META_CONTEXT);
                if (r.type() == Nbd.REP_META_CONTEXT) base = true;
                else break;
            }
        }
        if (!structured) throw new BlockException("Server does not support structured replies");
        ch.write(NbdOptions.request(Nbd.OPT_GO, NbdOptions.infoRequest(export, Nbd.INFO_BLOCK_SIZE)));
        long size = -1;
        int flags = 0;
        int min = 1;
        int max = Nbd.MAX_BUFFER_SIZE;
        while (true) {
            Reply r = optionReply(ch, Nbd.OPT_GO);
            if (r.type() == Nbd.REP_ACK) break;
            if (r.type() < 0) {
                throw new BlockException(r.type() == Nbd.REP_ERR_UNKNOWN ? "Requested export not available"
                        : "Server refused the export: " + r.text());
            }
            if (r.type() != Nbd.REP_INFO || r.data().remaining() < 2) continue;
            int infoType = Short.toUnsignedInt(r.data().getShort());
            if (infoType == Nbd.INFO_EXPORT && r.data().remaining() >= 10) {
                size = r.data().getLong();
                flags = Short.toUnsignedInt(r.data().getShort());
            } else if (infoType == Nbd.INFO_BLOCK_SIZE && r.data().remaining() >= 12) {
                min = r.data().getInt();
                r.data().getInt();
                max = r.data().getInt();
            }
        }
        if (size < 0) throw new BlockException("Server did not send NBD_INFO_EXPORT");
        return new ExportInfo(size, flags, Math.max(min, 1), Math.min(Math.max(max, 1), Nbd.MAX_BUFFER_SIZE), base);
    }

    private record Reply(int type, ByteBuffer data) {
        String text() {
            return StandardCharsets.UTF_8.decode(data.duplicate()).toString();
        }
    }

    private static Reply optionReply(NbdChannel ch, int option) throws IOException {
        ByteBuffer h = ch.read(20, "option reply");
        if (h.getLong() != Nbd.OPTION_REPLY_MAGIC) throw new IOException("Unexpected option reply magic");
        if (h.getInt() != option) throw new IOException("Unexpected option in reply");
        int type = h.getInt();
        long len = Integer.toUnsignedLong(h.getInt());
        if (len > Nbd.MAX_BUFFER_SIZE) throw new IOException("Option reply too long");
        return new Reply(type, ch.read((int) len, "option reply data"));
    }

    /** Sends a request header (and payload); returns its handle. */
    long send(int type, int flags, long offset, long length, ByteBuffer payload) throws IOException {
        long handle = nextHandle++;
        ByteBuffer h = ByteBuffer.allocate(Nbd.REQUEST_SIZE).putInt(Nbd.REQUEST_MAGIC).putShort((short) flags)
                .putShort((short) type).putLong(handle).putLong(offset).putInt((int) length).flip();
        if (payload == null) ch.write(h);
        else ch.write(h, payload);
        return handle;
    }

    /** Receives every part of the reply to {@code handle}; chunks go to {@code sink}. */
    int receive(long handle, ChunkSink sink) throws IOException {
        while (true) {
            int magic = ch.read(4, "reply magic").getInt();
            if (magic == Nbd.SIMPLE_REPLY_MAGIC) {
                ByteBuffer r = ch.read(12, "simple reply");
                int errno = r.getInt();
                if (r.getLong() != handle) throw new IOException("Unexpected reply handle");
                if (errno == 0) sink.simpleData(ch);
                return errno;
            }
            if (magic != Nbd.STRUCTURED_REPLY_MAGIC) throw new IOException("Invalid reply magic 0x" + Integer.toHexString(magic));
            ByteBuffer h = ch.read(16, "chunk header");
            int flags = Short.toUnsignedInt(h.getShort());
            int type = Short.toUnsignedInt(h.getShort());
            if (h.getLong() != handle) throw new IOException("Unexpected reply handle");
            long len = Integer.toUnsignedLong(h.getInt());
            if (len > Nbd.MAX_BUFFER_SIZE + 8L) throw new IOException("Chunk too long");
            ByteBuffer data = ch.read((int) len, "chunk payload");
            if (type == Nbd.REPLY_TYPE_ERROR || type == Nbd.REPLY_TYPE_ERROR_OFFSET) {
                int errno = data.getInt();
                if ((flags & Nbd.REPLY_FLAG_DONE) == 0) drainUntilDone(handle);
                return errno == 0 ? Nbd.EIO : errno;
            }
            sink.chunk(type, data);
            if ((flags & Nbd.REPLY_FLAG_DONE) != 0) return 0;
        }
    }

    private void drainUntilDone(long handle) throws IOException {
        receive(handle, ChunkSink.IGNORE);
    }

    /** Where reply payloads go. */
    interface ChunkSink {
        ChunkSink IGNORE = (type, data) -> { };

        void chunk(int type, ByteBuffer data) throws IOException;

        /** A simple reply's data follows on the channel (reads without structured replies). */
        default void simpleData(NbdChannel ch) throws IOException {
        }
    }

    /** Says goodbye (NBD_CMD_DISC) and closes. */
    @Override
    public void close() {
        try {
            send(Nbd.CMD_DISC, 0, 0, 0, null);
        } catch (IOException ignored) {
            // the server may already be gone
        }
        closeQuietly(ch);
    }

    private static void closeQuietly(NbdChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }
}
