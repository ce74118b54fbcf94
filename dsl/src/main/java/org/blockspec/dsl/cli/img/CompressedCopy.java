package org.blockspec.dsl.cli.img;

import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.image.BlockMap;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.ReqFlags;

/**
 * qemu-img convert -c: the sources, one after the other, copied into whole compressed
 * clusters of the output. A cluster may span the end of one source and the start of the
 * next; a run shorter than a cluster counts as data (QEMU's convert_iteration_sectors).
 */
final class CompressedCopy {
    private enum Kind { DATA, ZERO, BACKING }

    private final ImgSession s;
    private final List<BlockBackend> sources;
    private final long[] starts;
    private final long total;
    private final BlockBackend target;
    private final boolean zeroInit;
    private final boolean targetHasBacking;
    private final int cluster;
    private final boolean sparse;
    private final int bufferBytes;

    CompressedCopy(ImgSession s, List<BlockBackend> sources, BlockBackend target, boolean zeroInit,
                   boolean targetHasBacking, int cluster, boolean sparse) {
        this.s = s;
        this.sources = sources;
        this.starts = new long[sources.size() + 1];
        for (int i = 0; i < sources.size(); i++) starts[i + 1] = starts[i] + NodeIo.length(sources.get(i).node());
        this.total = starts[sources.size()];
        this.target = target;
        this.zeroInit = zeroInit;
        this.targetHasBacking = targetHasBacking;
        this.cluster = cluster;
        this.sparse = sparse;
        this.bufferBytes = Math.max(cluster, ImgCompare.IO_BUF_SIZE / cluster * cluster);
    }

    void run() throws ImgSession.Failure {
        long pos = 0;
        while (pos < total) {
            int i = sourceAt(pos);
            long in = pos - starts[i];
            long left = starts[i + 1] - pos;
            Kind kind;
            long count;
            if (targetHasBacking) {
                // Only the source's own layer counts: what it leaves to its backing file is skipped.
                BlockStatus own = NodeIo.blockStatus(sources.get(i).node(), in, left);
                kind = own.zero() ? Kind.ZERO : own.data() ? Kind.DATA : Kind.BACKING;
                count = own.length();
            } else {
                BlockMap.Entry e = BlockMap.at(s.engine.graph(), sources.get(i).node(), in, left);
                kind = e.zero() ? Kind.ZERO : Kind.DATA;
                count = e.length();
            }
            long n;
            if (count < cluster) {
                n = Math.min(cluster, total - pos);
                kind = Kind.DATA;
            } else {
                n = count / cluster * cluster;
            }
            if (kind == Kind.DATA || !sparse) n = Math.min(n, bufferBytes);
            write(pos, n, kind);
            pos += n;
        }
        // QEMU's end of a compressed copy: the file ends on a sector boundary.
        target.writeCompressed(total, ByteBuffer.allocate(0));
    }

    private void write(long pos, long n, Kind kind) throws ImgSession.Failure {
        if (kind == Kind.BACKING) return;
        byte[] buf = new byte[kind == Kind.DATA || !sparse ? (int) n : 0];
        if (kind == Kind.DATA) read(pos, buf);
        if (buf.length > 0 && (!sparse || !ZeroScan.allZero(buf, 0, buf.length))) {
            check(target.writeCompressed(pos, ByteBuffer.wrap(buf)), "writing", pos);
        } else if (!zeroInit) {
            check(target.writeZeroes(pos, n, ReqFlags.NONE.withMayUnmap(true)), "writing", pos);
        }
    }

    /** Reads across sources: a cluster may begin in one and end in the next. */
    private void read(long pos, byte[] buf) throws ImgSession.Failure {
        int done = 0;
        while (done < buf.length) {
            int i = sourceAt(pos + done);
            long in = pos + done - starts[i];
            int n = (int) Math.min(buf.length - done, starts[i + 1] - (pos + done));
            check(sources.get(i).read(in, ByteBuffer.wrap(buf, done, n)), "reading", pos);
            done += n;
        }
    }

    private int sourceAt(long pos) {
        int i = 0;
        while (starts[i + 1] <= pos) i++;
        return i;
    }

    private static void check(IoResult r, String what, long pos) throws ImgSession.Failure {
        if (!r.ok()) throw new ImgSession.Failure("error while " + what + " at byte " + pos + ": " + r.error().text());
    }
}
