package org.blockspec.engine.io;

import java.nio.ByteBuffer;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.ReqFlags;

/**
 * The generic part of every request on a node, between the edge (which checked
 * permissions) and the driver: request alignment with read-modify-write, splitting at the
 * driver's maximum transfer, write-zeroes and FUA fallbacks, and QEMU's 512-byte rounding
 * of node lengths. Drivers receive only requests they declared they can take.
 */
public final class NodeIo {
    /** QEMU measures node lengths in 512-byte sectors. */
    public static final int SECTOR = 512;
    private static final int ZERO_CHUNK = 1 << 20;

    private NodeIo() {
    }

    /** The node's length in whole sectors: the driver's now, or the one on record (see BlockDriverFactory#variableLength). */
    public static long length(BlockNode n) {
        long len = n.factory().variableLength() ? n.driver().length() : n.knownLength();
        return (len + SECTOR - 1) / SECTOR * SECTOR;
    }

    /**
     * QEMU's write_req_finish: a successful write ending past the recorded length extends it;
     * every write, failed or not, marks the node's dirty bitmaps.
     */
    private static IoResult finished(BlockNode n, long offset, long end, IoResult r) {
        if (r.ok() && end > n.knownLength()) {
            n.setKnownLength(end);
            for (DirtyBitmap b : n.dirtyBitmaps()) b.truncate(length(n));
        }
        for (DirtyBitmap b : n.dirtyBitmaps()) b.written(offset, end - offset);
        return r;
    }

    /**
     * Host bytes used, -1 if unknown (QEMU's bdrv_get_allocated_file_size): the driver's own
     * figure; else nothing for what opens as a protocol, a filter's filtered child, or the sum over the
     * children holding data or metadata (a backing image is not counted).
     */
    public static long allocatedSize(BlockNode n) {
        long own = n.driver().allocatedSize();
        if (own >= 0 || n.factory().opensAsProtocol()) return own;
        ChildEdge primary = n.primaryChild();
        if (primary != null && primary.role().isFiltered()) return allocatedSize(primary.child());
        long sum = 0;
        for (ChildEdge c : n.children()) {
            if (!c.role().has(ChildRole.DATA | ChildRole.METADATA | ChildRole.FILTERED)) continue;
            long size = allocatedSize(c.child());
            if (size < 0) return size;
            sum += size;
        }
        return sum;
    }

    public static IoResult read(BlockNode n, long offset, ByteBuffer dst, ReqFlags flags) {
        BlockDriver d = n.driver();
        if (offset < 0) return IoResult.fail(Errno.EIO);
        Capabilities caps = d.capabilities();
        int align = caps.requestAlignment();
        if (align > 1 && !aligned(offset, dst.remaining(), align)) {
            return readUnaligned(d, offset, dst, flags, align);
        }
        return split(caps, offset, dst, (off, buf) -> d.read(off, buf, flags));
    }

    public static IoResult write(BlockNode n, long offset, ByteBuffer src, ReqFlags flags) {
        BlockDriver d = n.driver();
        if (offset < 0) return IoResult.fail(Errno.EIO);
        d.debugEvent("pwritev"); // as QEMU's bdrv_aligned_pwritev announces every write to the node
        long end = offset + src.remaining();
        IoResult r = writeAligned(n, d, offset, src, flags);
        d.debugEvent("pwritev_done");
        return finished(n, offset, end, r);
    }

    private static IoResult writeAligned(BlockNode n, BlockDriver d, long offset, ByteBuffer src, ReqFlags flags) {
        Capabilities caps = d.capabilities();
        int align = caps.requestAlignment();
        IoResult r;
        if (align > 1 && !aligned(offset, src.remaining(), align)) {
            r = writeUnaligned(d, offset, src, flags, align);
        } else {
            ReqFlags driverFlags = caps.fua() ? flags : flags.withFua(false);
            r = split(caps, offset, src, (off, buf) -> d.write(off, buf, driverFlags));
        }
        return r.ok() && flags.fua() && !caps.fua() ? d.flush() : r;
    }

    public static IoResult writeZeroes(BlockNode n, long offset, long length, ReqFlags flags) {
        BlockDriver d = n.driver();
        if (offset < 0 || length < 0) return IoResult.fail(Errno.EIO);
        Capabilities caps = d.capabilities();
        int align = caps.requestAlignment();
        if (caps.zeroWrite() && aligned(offset, length, align)) {
            d.debugEvent("pwritev_zero");
            IoResult r = d.writeZeroes(offset, length, flags);
            if (r.error() != Errno.ENOTSUP) return finished(n, offset, offset + length, r);
        }
        if (flags.noFallback()) return IoResult.fail(Errno.ENOTSUP);
        // No native zero-write: write explicit zeroes, as QEMU's bdrv_co_do_pwrite_zeroes does.
        ByteBuffer zeroes = ByteBuffer.allocate((int) Math.min(length, ZERO_CHUNK));
        long done = 0;
        while (done < length) {
            int chunk = (int) Math.min(length - done, ZERO_CHUNK);
            zeroes.clear().limit(chunk);
            IoResult r = write(n, offset + done, zeroes, flags.withMayUnmap(false));
            if (!r.ok()) return r;
            done += chunk;
        }
        return IoResult.OK;
    }

    public static IoResult discard(BlockNode n, long offset, long length) {
        BlockDriver d = n.driver();
        if (offset < 0 || length < 0) return IoResult.fail(Errno.EIO);
        Capabilities caps = d.capabilities();
        if (!caps.discard()) return IoResult.OK; // discard is advisory: not supported means nothing to do
        int align = caps.requestAlignment();
        long start = roundUp(offset, align);
        long end = (offset + length) / align * align;
        if (end <= start) return IoResult.OK;
        IoResult r = d.discard(start, end - start);
        for (DirtyBitmap b : n.dirtyBitmaps()) b.written(start, end - start);
        return r.error() == Errno.ENOTSUP ? IoResult.OK : r;
    }

    /** With cache.no-flush the node does not flush its own storage (QEMU's BDRV_O_NO_FLUSH). */
    public static IoResult flush(BlockNode n) {
        if (n.cache().noFlush() && n.kind() == org.blockspec.engine.spi.DriverKind.PROTOCOL) return IoResult.OK;
        return n.driver().flush();
    }

    public static void truncate(BlockNode n, long length, boolean exact) throws BlockException {
        if (length < 0) throw new BlockException("Image size cannot be negative");
        if (n.readOnly()) throw new BlockException("Image is read-only");
        if (!n.driver().capabilities().resize()) {
            throw new BlockException("Image format driver does not support resize");
        }
        n.driver().truncate(length, exact);
        n.setKnownLength(n.driver().length());
        for (DirtyBitmap b : n.dirtyBitmaps()) b.truncate(length(n));
    }

    /**
     * The driver's answer, completed with QEMU's generic rule: a range a format with backing
     * support has not allocated reads as zeroes when there is no backing image or the range
     * lies past its end.
     */
    public static BlockStatus blockStatus(BlockNode n, long offset, long length) {
        BlockStatus s = n.driver().blockStatus(offset, length);
        if (s.data() || s.zero() || !n.supportsBacking()) return s;
        ChildEdge backing = n.backingChild();
        if (backing == null || offset >= length(backing.child())) {
            return new BlockStatus(s.length(), false, true, false, s.hostOffset(), s.hostNode());
        }
        return s;
    }

    /**
     * Whether the range is allocated in the backing chain below {@code top}, from its backing
     * image (filters skipped) down to the node named {@code base} inclusive, as QEMU's
     * bdrv_is_allocated_above; the length says how far the answer holds.
     */
    public static BlockStatus allocationAbove(BlockNode top, String base, long offset, long length) {
        BlockNode n = skipFilters(top);
        ChildEdge backing = n == null ? null : n.backingChild();
        BlockNode layer = backing == null ? null : skipFilters(backing.child());
        long n0 = length;
        for (BlockNode first = layer; layer != null; ) {
            BlockStatus s = offset >= length(layer) ? BlockStatus.unallocated(length)
                    : layer.driver().blockStatus(offset, length);
            long pnum = Math.min(s.length(), length);
            if (s.allocated()) return new BlockStatus(pnum, s.data(), s.zero(), true);
            // Past the end of a lower layer the answer holds for the whole request.
            if (n0 > pnum && (layer == first || offset + pnum < length(layer))) n0 = pnum;
            if (layer.name().equals(base)) break;
            ChildEdge next = layer.filteredOrBackingChild();
            layer = next == null ? null : skipFilters(next.child());
        }
        return BlockStatus.unallocated(n0);
    }

    /**
     * What the whole chain from {@code top} down to (not including) {@code base} says about a
     * range (QEMU's bdrv_block_status_above): the first layer that has it allocated, or zeroes
     * where no layer has it. The answer's length says how far it holds.
     */
    public static BlockStatus statusAbove(BlockNode top, BlockNode base, long offset, long length) {
        long n = length;
        for (BlockNode layer = top; layer != null && layer != base; ) {
            BlockStatus s = offset >= length(layer) ? new BlockStatus(length, false, true, false)
                    : blockStatus(layer, offset, length);
            if (s.allocated() || s.zero()) return s.withLength(Math.min(s.length(), n));
            n = Math.min(n, s.length());
            ChildEdge next = layer.filteredOrBackingChild();
            layer = next == null ? null : next.child();
        }
        return new BlockStatus(n, false, true, false);
    }

    /**
     * Whether a range is allocated in some layer from {@code top} down to {@code bottom}
     * inclusive (QEMU's bdrv_is_allocated_above with include_base; {@code bottom} null: the
     * whole chain). The length says how far the answer holds.
     */
    public static BlockStatus allocatedInChain(BlockNode top, BlockNode bottom, long offset, long length) {
        long n0 = length;
        for (BlockNode layer = top; layer != null; ) {
            BlockStatus s = offset >= length(layer) ? BlockStatus.unallocated(length) : blockStatus(layer, offset, length);
            long pnum = Math.min(s.length(), length);
            if (s.allocated()) return new BlockStatus(pnum, s.data(), s.zero(), true);
            if (n0 > pnum && (layer == top || offset + pnum < length(layer))) n0 = pnum;
            if (layer == bottom) break;
            ChildEdge next = layer.filteredOrBackingChild();
            layer = next == null ? null : next.child();
        }
        return BlockStatus.unallocated(n0);
    }

    /** QEMU's bdrv_can_write_zeroes_with_unmap: discard=unmap and a zero-write that may deallocate. */
    public static boolean canWriteZeroesWithUnmap(BlockNode n) {
        if (!n.discardUnmap()) return false;
        for (BlockNode at = n; at != null; ) {
            Boolean own = at.driver().zeroesMayUnmap();
            if (own != null) return own;
            ChildEdge p = at.primaryChild();
            at = p == null ? null : p.child();
        }
        return false;
    }

    /** The allocation unit the node's format reports (QEMU's bdrv_get_info cluster_size), 0 for none. */
    public static long clusterSize(BlockNode n) {
        for (BlockNode at = n; at != null; ) {
            org.blockspec.engine.spi.FormatInfo info = at.driver().formatInfo();
            if (info != null) return info.clusterSize();
            ChildEdge p = at.primaryChild();
            if (p == null || !(at.kind() == org.blockspec.engine.spi.DriverKind.FILTER || at.driver().imageInfoFromFile())) {
                return 0;
            }
            at = p.child();
        }
        return 0;
    }

    private static BlockNode skipFilters(BlockNode n) {
        while (n != null) {
            ChildEdge p = n.primaryChild();
            if (n.kind() != org.blockspec.engine.spi.DriverKind.FILTER || p == null || !p.role().isFiltered()) return n;
            n = p.child();
        }
        return null;
    }


    public static IoResult writeCompressed(BlockNode n, long offset, ByteBuffer src) {
        if (offset < 0) return IoResult.fail(Errno.EIO);
        if (!n.driver().supportsCompressedWrites()) return IoResult.fail(Errno.ENOTSUP);
        long bytes = src.remaining();
        IoResult r = n.driver().writeCompressed(offset, src);
        for (DirtyBitmap b : n.dirtyBitmaps()) b.written(offset, bytes);
        return r;
    }

    private interface Transfer {
        IoResult run(long offset, ByteBuffer buf);
    }

    private static IoResult split(Capabilities caps, long offset, ByteBuffer buf, Transfer t) {
        long max = caps.maxTransfer();
        if (max <= 0 || buf.remaining() <= max) return t.run(offset, buf);
        int start = buf.position();
        int end = buf.limit();
        try {
            for (int pos = start; pos < end; pos += (int) max) {
                int chunkEnd = (int) Math.min(end, pos + max);
                IoResult r = t.run(offset + pos - start, buf.limit(chunkEnd).position(pos).slice());
                if (!r.ok()) return r;
            }
            return IoResult.OK;
        } finally {
            buf.limit(end).position(end);
        }
    }

    private static IoResult readUnaligned(BlockDriver d, long offset, ByteBuffer dst, ReqFlags flags, int align) {
        long start = offset / align * align;
        long end = roundUp(offset + dst.remaining(), align);
        ByteBuffer bounce = ByteBuffer.allocate(Math.toIntExact(end - start));
        IoResult r = split(d.capabilities(), start, bounce, (off, buf) -> d.read(off, buf, flags));
        if (!r.ok()) return r;
        bounce.clear().position((int) (offset - start)).limit((int) (offset - start) + dst.remaining());
        dst.put(bounce);
        return r;
    }

    private static IoResult writeUnaligned(BlockDriver d, long offset, ByteBuffer src, ReqFlags flags, int align) {
        long start = offset / align * align;
        long end = roundUp(offset + src.remaining(), align);
        ByteBuffer bounce = ByteBuffer.allocate(Math.toIntExact(end - start));
        IoResult r = split(d.capabilities(), start, bounce, (off, buf) -> d.read(off, buf, ReqFlags.NONE));
        if (!r.ok()) return r;
        bounce.clear().position((int) (offset - start));
        bounce.put(src);
        bounce.clear();
        ReqFlags driverFlags = d.capabilities().fua() ? flags : flags.withFua(false);
        return split(d.capabilities(), start, bounce, (off, buf) -> d.write(off, buf, driverFlags));
    }

    private static boolean aligned(long offset, long length, int align) {
        return offset % align == 0 && length % align == 0;
    }

    private static long roundUp(long v, long align) {
        return (v + align - 1) / align * align;
    }
}
