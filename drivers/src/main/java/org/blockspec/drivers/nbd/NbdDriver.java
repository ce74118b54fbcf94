package org.blockspec.drivers.nbd;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.spi.support.SocketAddresses;
import org.blockspec.nbd.Nbd;

/**
 * Protocol driver {@code nbd}: a node whose data lives on an NBD server (the talk's
 * "bar-protocol [nbd]"). Requests go out one at a time on one connection. When the
 * connection breaks, requests wait up to {@code reconnect-delay} seconds for a new one,
 * as QEMU's do, then fail with EIO.
 */
public final class NbdDriver implements BlockDriver {
    record Options(OptionValues server, String export, long reconnectDelaySeconds) {
    }

    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "nbd"; }

        @Override public DriverKind kind() { return DriverKind.PROTOCOL; }

        @Override public List<OptionField> options() {
            return List.of(
                    OptionField.required("server", SocketAddresses.FLAT),
                    OptionField.optional("export", OptionType.STR),
                    OptionField.optional("tls-creds", OptionType.STR),
                    OptionField.optional("tls-hostname", OptionType.STR),
                    OptionField.optional("x-dirty-bitmap", OptionType.STR),
                    OptionField.optional("reconnect-delay", OptionType.INT),
                    OptionField.optional("open-timeout", OptionType.INT));
        }

        @Override public List<String> strongOptions() { return List.of("server", "export"); }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            OptionValues o = ctx.options();
            if (o.has("tls-creds")) throw new BlockException("No TLS credentials with id '" + o.string("tls-creds") + "'");
            if (o.has("x-dirty-bitmap")) throw new BlockException("x-dirty-bitmap is not supported by blockspec");
            Options opts = new Options(o.struct("server"), o.optString("export").orElse(""),
                    o.optInteger("reconnect-delay").orElse(0));
            SocketAddress address = SocketAddresses.toJava(opts.server());
            NbdClient client = NbdClient.connect(address, SocketAddresses.describe(opts.server()), opts.export());
            if (client.info().has(Nbd.FLAG_READ_ONLY) && !ctx.readOnly()) {
                client.close();
                throw new BlockException("Could not open image: Permission denied");
            }
            return new NbdDriver(opts, address, client);
        }
    }

    private final Options options;
    private final SocketAddress address;
    private final NbdClient.ExportInfo info;
    private NbdClient client;

    private NbdDriver(Options options, SocketAddress address, NbdClient client) {
        this.options = options;
        this.address = address;
        this.client = client;
        this.info = client.info();
    }

    @Override public long length() { return info.size(); }

    @Override public Capabilities capabilities() {
        return new Capabilities(Integer.highestOneBit(info.minBlock()), info.maxBlock(),
                info.has(Nbd.FLAG_SEND_WRITE_ZEROES), info.has(Nbd.FLAG_SEND_TRIM), info.has(Nbd.FLAG_SEND_FUA), false);
    }

    @Override public Perms childPermissions(ChildPermRequest request) {
        throw new IllegalStateException("the nbd driver has no children");
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        int start = dst.position();
        int len = dst.remaining();
        return request(Nbd.CMD_READ, 0, offset, len, null, new NbdClient.ChunkSink() {
            @Override public void chunk(int type, ByteBuffer data) throws IOException {
                if (type == Nbd.REPLY_TYPE_NONE) return;
                long at = data.getLong() - offset;
                if (type == Nbd.REPLY_TYPE_OFFSET_DATA) {
                    if (at < 0 || at + data.remaining() > len) throw new IOException("Read chunk outside the request");
                    dst.put(start + (int) at, data, data.position(), data.remaining());
                } else if (type == Nbd.REPLY_TYPE_OFFSET_HOLE) {
                    long n = Integer.toUnsignedLong(data.getInt());
                    if (at < 0 || at + n > len) throw new IOException("Hole chunk outside the request");
                    for (int i = 0; i < n; i++) dst.put(start + (int) at + i, (byte) 0);
                } else {
                    throw new IOException("Unexpected reply type " + type + " to a read");
                }
            }

            @Override public void simpleData(org.blockspec.nbd.NbdChannel ch) throws IOException {
                ch.readFully(dst.slice(start, len), "read data");
            }
        }, () -> dst.position(start + len));
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        int flag = flags.fua() ? Nbd.CMD_FLAG_FUA : 0;
        ByteBuffer data = src.slice();
        return request(Nbd.CMD_WRITE, flag, offset, data.remaining(), data, NbdClient.ChunkSink.IGNORE,
                () -> src.position(src.limit()));
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        int f = (flags.fua() ? Nbd.CMD_FLAG_FUA : 0) | (flags.mayUnmap() ? 0 : Nbd.CMD_FLAG_NO_HOLE)
                | (flags.noFallback() && info.has(Nbd.FLAG_SEND_FAST_ZERO) ? Nbd.CMD_FLAG_FAST_ZERO : 0);
        if (flags.noFallback() && !info.has(Nbd.FLAG_SEND_FAST_ZERO)) return IoResult.fail(Errno.ENOTSUP);
        return request(Nbd.CMD_WRITE_ZEROES, f, offset, length, null, NbdClient.ChunkSink.IGNORE, () -> { });
    }

    @Override public IoResult discard(long offset, long length) {
        return request(Nbd.CMD_TRIM, 0, offset, length, null, NbdClient.ChunkSink.IGNORE, () -> { });
    }

    @Override public IoResult flush() {
        if (!info.has(Nbd.FLAG_SEND_FLUSH)) return IoResult.OK;
        return request(Nbd.CMD_FLUSH, 0, 0, 0, null, NbdClient.ChunkSink.IGNORE, () -> { });
    }

    /** base:allocation of the first extent the server reports; data when the server has no such context. */
    @Override public BlockStatus blockStatus(long offset, long length) {
        long len = Math.min(length, 0xffffffffL & ~(info.minBlock() - 1L));
        if (!info.baseAllocation() || len <= 0) return BlockStatus.data(length);
        long[] extent = {0, 0};
        IoResult r = request(Nbd.CMD_BLOCK_STATUS, Nbd.CMD_FLAG_REQ_ONE, offset, len, null, (type, data) -> {
            if (type != Nbd.REPLY_TYPE_BLOCK_STATUS || data.remaining() < 12) return;
            data.getInt(); // context id: the only one negotiated
            extent[0] = Integer.toUnsignedLong(data.getInt());
            extent[1] = data.getInt();
        }, () -> { });
        if (!r.ok() || extent[0] == 0) return BlockStatus.data(length);
        int flags = (int) extent[1];
        return new BlockStatus(Math.min(extent[0], length), (flags & Nbd.STATE_HOLE) == 0,
                (flags & Nbd.STATE_ZERO) != 0, true);
    }

    @Override public String exactFilename() {
        String exp = options.export();
        return switch (options.server().string("type")) {
            case "unix" -> "nbd+unix:///" + exp + "?socket=" + options.server().string("path");
            default -> "nbd://" + options.server().string("host") + ":" + options.server().string("port") + "/" + exp;
        };
    }

    @Override public boolean hasImageInfo() { return false; }

    @Override public void close() {
        synchronized (this) {
            if (client != null) client.close();
            client = null;
        }
    }

    /** One request and its reply; on a broken connection, waits for a reconnect as configured. */
    private synchronized IoResult request(int type, int flags, long offset, long length, ByteBuffer payload,
                                          NbdClient.ChunkSink sink, Runnable onSuccess) {
        long deadline = System.nanoTime() + options.reconnectDelaySeconds() * 1_000_000_000L;
        while (true) {
            if (client != null) {
                try {
                    long handle = client.send(type, flags, offset, length, payload == null ? null : payload.duplicate());
                    int errno = client.receive(handle, sink);
                    if (errno != 0) return IoResult.fail(Errno.of(errno));
                    onSuccess.run();
                    return IoResult.OK;
                } catch (IOException e) {
                    client.close();
                    client = null;
                }
            }
            if (System.nanoTime() >= deadline || !reconnect(deadline)) return IoResult.fail(Errno.EIO);
        }
    }

    private boolean reconnect(long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                client = NbdClient.connect(address, SocketAddresses.describe(options.server()), options.export());
                return true;
            } catch (BlockException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
