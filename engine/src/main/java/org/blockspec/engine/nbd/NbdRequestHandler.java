package org.blockspec.engine.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.blockspec.engine.EventLoop;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.nbd.Nbd;
import org.blockspec.nbd.NbdChannel;
import org.blockspec.nbd.NbdReplies;
import org.blockspec.nbd.NbdRequest;

/**
 * Carries out decoded requests on the export's BlockBackend, on the engine's event loop (as
 * QEMU's export coroutines run in the main loop), and writes QEMU's replies: sparse reads as
 * data and hole chunks, base:allocation extents, errors as EINVAL-style chunks or simple replies.
 */
final class NbdRequestHandler {
    /** QEMU bounds one block-status reply to this many extents (NBD_MAX_BLOCK_STATUS_EXTENTS). */
    private static final int MAX_EXTENTS = (1 << 20) / 8;

    private final NbdChannel ch;
    private final EventLoop loop;
    private final NbdExport export;
    private final boolean structured;
    private ByteBuffer scratch;

    NbdRequestHandler(NbdChannel ch, EventLoop loop, NbdExport export, boolean structured) {
        this.ch = ch;
        this.loop = loop;
        this.export = export;
        this.structured = structured;
    }

    /** @return false when the connection must close after this request */
    boolean handle(NbdRequest r) throws IOException {
        BlockBackend b = export.backend();
        switch (r) {
            case NbdRequest.Rejected x -> {
                error(x.handle(), Nbd.EINVAL, x.message());
                return !x.disconnect();
            }
            case NbdRequest.Disconnect d -> {
                return false;
            }
            case NbdRequest.Read x -> read(x);
            case NbdRequest.Write x -> {
                ReqFlags f = ReqFlags.NONE.withFua(x.fua());
                generic(x.handle(), onLoop(() -> b.write(x.offset(), x.data(), f)), "writing to file failed");
            }
            case NbdRequest.WriteZeroes x -> {
                ReqFlags f = new ReqFlags(x.fua(), !x.noHole(), false, x.fastZero());
                generic(x.handle(), onLoop(() -> b.writeZeroes(x.offset(), x.length(), f)), "writing to file failed");
            }
            case NbdRequest.Trim x -> {
                IoResult res = onLoop(() -> {
                    IoResult d = b.discard(x.offset(), x.length());
                    return d.ok() && x.fua() ? b.flush() : d;
                });
                generic(x.handle(), res, "discard failed");
            }
            case NbdRequest.Flush x -> generic(x.handle(), onLoop(b::flush), "flush failed");
            // Prefetching is advisory and the page cache does it anyway.
            case NbdRequest.Cache x -> generic(x.handle(), IoResult.OK, "");
            case NbdRequest.BlockStatus x -> blockStatus(x);
        }
        return true;
    }

    private <T> T onLoop(Callable<T> op) {
        return loop.call(op);
    }

    private void read(NbdRequest.Read r) throws IOException {
        BlockBackend b = export.backend();
        if (r.fua()) {
            IoResult f = onLoop(b::flush);
            if (!f.ok()) {
                error(r.handle(), wire(f), "flush failed");
                return;
            }
        }
        if (r.length() == 0) {
            ch.write(structured ? NbdReplies.none(r.handle()) : NbdReplies.simple(r.handle(), 0));
            return;
        }
        if (structured && !r.dontFragment()) {
            sparseRead(r);
            return;
        }
        ByteBuffer data = scratch(r.length());
        IoResult res = onLoop(() -> b.read(r.offset(), data));
        if (!res.ok()) {
            error(r.handle(), wire(res), "reading from file failed");
            return;
        }
        data.flip();
        if (structured) ch.write(NbdReplies.offsetDataHeader(r.handle(), r.offset(), r.length(), true), data);
        else ch.write(NbdReplies.simple(r.handle(), 0), data);
    }

    /** One stretch of a sparse read: data read into the scratch buffer, or a hole. */
    private record Segment(long offset, int length, boolean hole) {
    }

    /**
     * Zero ranges go out as holes, the rest as data, one chunk per block-status answer. The
     * whole request is read in one turn of the event loop; a failure ends the reply with an
     * error chunk after the chunks before it.
     */
    private void sparseRead(NbdRequest.Read r) throws IOException {
        BlockBackend b = export.backend();
        ByteBuffer data = scratch(r.length());
        List<Segment> segments = new ArrayList<>();
        IoResult res = onLoop(() -> {
            long end = r.offset() + r.length();
            for (long off = r.offset(); off < end; ) {
                BlockStatus st = b.blockStatus(off, end - off);
                int len = (int) st.length();
                if (!st.zero()) {
                    IoResult rr = b.read(off, data.limit((int) (off - r.offset()) + len).position((int) (off - r.offset())));
                    if (!rr.ok()) return rr;
                }
                segments.add(new Segment(off, len, st.zero()));
                off += len;
            }
            return IoResult.OK;
        });
        for (int i = 0; i < segments.size(); i++) {
            Segment g = segments.get(i);
            boolean last = res.ok() && i == segments.size() - 1;
            if (g.hole()) {
                ch.write(NbdReplies.offsetHole(r.handle(), g.offset(), g.length(), last));
            } else {
                int at = (int) (g.offset() - r.offset());
                ch.write(NbdReplies.offsetDataHeader(r.handle(), g.offset(), g.length(), last),
                        data.limit(at + g.length()).position(at));
            }
        }
        if (!res.ok()) error(r.handle(), wire(res), "reading from file failed");
    }

    /** A reused direct buffer, so reads go from the file to the socket without a heap copy. */
    private ByteBuffer scratch(int length) {
        if (scratch == null || scratch.capacity() < length) {
            scratch = ByteBuffer.allocateDirect(Math.max(length, 1 << 16));
        }
        return scratch.clear().limit(length);
    }

    private void blockStatus(NbdRequest.BlockStatus r) throws IOException {
        BlockBackend b = export.backend();
        List<NbdReplies.Extent> extents = onLoop(() -> {
            List<NbdReplies.Extent> out = new ArrayList<>();
            long end = r.offset() + r.length();
            long off = r.offset();
            while (off < end) {
                BlockStatus s = b.blockStatus(off, end - off);
                int flags = (s.data() ? 0 : Nbd.STATE_HOLE) | (s.zero() ? Nbd.STATE_ZERO : 0);
                NbdReplies.Extent last = out.isEmpty() ? null : out.getLast();
                if (last != null && last.flags() == flags) {
                    out.set(out.size() - 1, new NbdReplies.Extent(last.length() + s.length(), flags));
                } else {
                    if (r.reqOne() && last != null) break;
                    if (out.size() == MAX_EXTENTS) break;
                    out.add(new NbdReplies.Extent(s.length(), flags));
                }
                off += s.length();
            }
            return out;
        });
        ch.write(NbdReplies.blockStatus(r.handle(), 0, extents, true));
    }

    /** QEMU's nbd_send_generic_reply: success is a simple reply even with structured replies on. */
    private void generic(long handle, IoResult res, String failure) throws IOException {
        if (res.ok()) ch.write(NbdReplies.simple(handle, 0));
        else error(handle, wire(res), failure);
    }

    private void error(long handle, int errno, String message) throws IOException {
        ch.write(structured ? NbdReplies.error(handle, errno, message) : NbdReplies.simple(handle, errno));
    }

    private static int wire(IoResult res) {
        Errno e = res.error();
        return Nbd.wireErrno(e == null ? 0 : e.code());
    }
}
