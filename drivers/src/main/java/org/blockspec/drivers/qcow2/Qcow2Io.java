package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;

import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.Errno;

/**
 * Guest I/O on a qcow2 image: reads by mapping runs, writes in place or into newly
 * allocated clusters (copying the rest of partly written clusters from where they read
 * now), zero and discard by rewriting L2 entries, and compressed writes.
 *
 * <p>Ordering for crash safety: new clusters are counted (refcount cache) before anything
 * points at them; new L2 entries live in the L2 cache, which depends on the refcount cache
 * and so reaches the disk after it; a new L2 table is flushed before its L1 entry; a freed
 * cluster's refcount drops only after the L2 entries that referenced it are written.
 */
final class Qcow2Io {
    private final Qcow2Image img;
    private final Geometry g;
    private final int cs;
    private long decompressedHost = -1;
    private final byte[] decompressed;
    /** Whether the image looks metadata-preallocated (decided once, as QEMU does). */
    private Boolean metadataPreallocated;

    Qcow2Io(Qcow2Image img) {
        this.img = img;
        this.g = img.g;
        this.cs = g.clusterSize();
        this.decompressed = new byte[cs];
    }

    void read(long offset, ByteBuffer dst) throws IoFailure, Corruption {
        long pos = offset;
        while (dst.hasRemaining()) {
            if (pos >= img.size()) {
                zero(dst, dst.remaining());
                break;
            }
            long want = Math.min(dst.remaining(), img.size() - pos);
            ClusterMap.Run run = img.map.run(pos, want);
            int n = (int) run.bytes();
            ByteBuffer part = dst.slice(dst.position(), n);
            switch (run.entry()) {
                case L2Entry.Unallocated u -> readBacking(pos, part);
                case L2Entry.Zero z -> zero(part, n);
                case L2Entry.Normal d -> {
                    img.file.debugEvent("read_aio");
                    IoFailure.check(img.file.read(d.hostOffset() + g.offsetInCluster(pos), part));
                }
                case L2Entry.Compressed c -> {
                    inflate(c);
                    part.put(decompressed, (int) g.offsetInCluster(pos), n);
                }
            }
            dst.position(dst.position() + n);
            pos += n;
        }
    }

    /** What the backing image has at {@code pos}, zeroes past its end or without one. */
    private void readBacking(long pos, ByteBuffer part) throws IoFailure {
        Child backing = img.backing;
        int n = part.remaining();
        long fromBacking = backing == null ? 0 : Math.max(0, Math.min(n, backing.length() - pos));
        if (fromBacking > 0) {
            img.file.debugEvent("read_backing_aio");
            IoFailure.check(backing.read(pos, part.slice(0, (int) fromBacking)));
        }
        zero(part.position((int) fromBacking), n - (int) fromBacking);
    }

    private static void zero(ByteBuffer b, int n) {
        int p = b.position();
        for (int i = 0; i < n; i++) b.put(p + i, (byte) 0);
    }

    private void inflate(L2Entry.Compressed c) throws IoFailure, Corruption {
        if (c.hostOffset() == decompressedHost) return;
        byte[] in = new byte[c.length()];
        img.file.debugEvent("read_compressed");
        IoFailure.check(img.file.read(c.hostOffset(), ByteBuffer.wrap(in)));
        decompressedHost = -1;
        if (!Deflate.inflate(in, in.length, decompressed)) throw new IoFailure(Errno.EIO);
        decompressedHost = c.hostOffset();
    }

    void write(long offset, ByteBuffer src) throws IoFailure, Corruption {
        long pos = offset;
        while (src.hasRemaining()) {
            ClusterMap.Run run = img.map.run(pos, src.remaining());
            int n = (int) run.bytes();
            ByteBuffer part = src.slice(src.position(), n);
            if (run.entry() instanceof L2Entry.Normal d && d.copied()) {
                long host = d.hostOffset() + g.offsetInCluster(pos);
                checkOverlap(host, n);
                img.file.debugEvent("write_aio");
                IoFailure.check(img.file.write(host, part));
            } else if (run.entry() instanceof L2Entry.Zero z && z.allocated() && z.copied()) {
                writeClusters(pos, part, z.hostOffset(), false);
            } else {
                img.map.ownL2(pos);
                if (img.options.lazyRefcounts()) img.markDirty();
                long clusters = g.clustersFor(g.offsetInCluster(pos) + n);
                long host = img.refcounts.allocate(clusters * cs);
                writeClusters(pos, part, host, true);
            }
            src.position(src.position() + n);
            pos += n;
        }
    }

    /**
     * Writes {@code data} at guest {@code pos} into the host clusters starting at {@code host}
     * (fresh, or the run's own preallocated zero clusters), completing partly covered
     * clusters with what they read as now, then points the L2 entries at them and frees
     * what they pointed at before.
     */
    private void writeClusters(long pos, ByteBuffer data, long host, boolean fresh) throws IoFailure, Corruption {
        long first = g.startOfCluster(pos);
        int n = data.remaining();
        int k = (int) g.clustersFor(g.offsetInCluster(pos) + n);
        L2Entry[] old = new L2Entry[k];
        for (int i = 0; i < k; i++) old[i] = img.map.entry(first + (long) i * cs);
        checkOverlap(host, (long) k * cs);
        int head = (int) g.offsetInCluster(pos);
        int tail = (int) ((long) k * cs - head - n);
        img.file.debugEvent("write_aio");
        int dataDone = 0;
        int middleFirst = 0;
        int middleEnd = k;
        if (head > 0 || (k == 1 && tail > 0)) {
            int take = Math.min(n, cs - head);
            writeComposed(host, first, old[0], head, data.slice(0, take));
            dataDone = take;
            middleFirst = 1;
        }
        if (tail > 0 && middleEnd > middleFirst) {
            int tailData = cs - tail;
            writeComposed(host + (long) (k - 1) * cs, first + (long) (k - 1) * cs, old[k - 1], 0,
                    data.slice(n - tailData, tailData));
            middleEnd = k - 1;
        }
        if (middleEnd > middleFirst) {
            int bytes = (middleEnd - middleFirst) * cs;
            IoFailure.check(img.file.write(host + (long) middleFirst * cs, data.slice(dataDone, bytes)));
        }
        // Before any entry can reach the disk (even by eviction), the refcounts of the new clusters must.
        if (fresh && !img.options.lazyRefcounts()) img.map.cache().dependOn(img.refcounts.cache());
        for (int i = 0; i < k; i++) img.map.setEntry(first + (long) i * cs, L2Entry.normal(host + (long) i * cs));
        if (fresh) for (L2Entry e : old) free(e, FreeReason.NEVER);
    }

    /** One whole cluster: what guest cluster {@code guest} reads as now, overlaid with {@code data} at {@code at}. */
    private void writeComposed(long host, long guest, L2Entry old, int at, ByteBuffer data)
            throws IoFailure, Corruption {
        byte[] cluster = new byte[cs];
        readCluster(guest, old, cluster);
        data.get(0, cluster, at, data.remaining());
        IoFailure.check(img.file.write(host, ByteBuffer.wrap(cluster)));
    }

    private void readCluster(long guest, L2Entry e, byte[] out) throws IoFailure, Corruption {
        ByteBuffer b = ByteBuffer.wrap(out);
        switch (e) {
            case L2Entry.Unallocated u -> readBacking(guest, b);
            case L2Entry.Zero z -> { }
            case L2Entry.Normal d -> IoFailure.check(img.file.read(d.hostOffset(), b));
            case L2Entry.Compressed c -> {
                inflate(c);
                System.arraycopy(decompressed, 0, out, 0, cs);
            }
        }
    }

    /** Drops the reference an L2 entry held (QEMU's qcow2_free_any_cluster). */
    private void free(L2Entry e, FreeReason why) throws IoFailure, Corruption {
        switch (e) {
            case L2Entry.Normal d -> img.refcounts.free(d.hostOffset(), cs, why);
            case L2Entry.Zero z when z.allocated() -> img.refcounts.free(z.hostOffset(), cs, why);
            case L2Entry.Compressed c -> {
                img.refcounts.free(c.hostOffset(), c.length(), why);
                if (c.hostOffset() == decompressedHost) decompressedHost = -1;
            }
            default -> { }
        }
    }

    private void checkOverlap(long host, long length) throws Corruption {
        if (img.options.overlapCheck()) {
            String what = OverlapCheck.find(img, host, length);
            if (what != null) {
                throw new Corruption("Preventing invalid write on metadata (overlaps with " + what + ")", host, length);
            }
        }
    }

    /**
     * Write-zeroes (version 3): whole clusters become zero clusters; a partial cluster does
     * too when the rest of it already reads as zeroes, and otherwise gets explicit zeroes.
     */
    void writeZeroes(long offset, long length, boolean mayUnmap) throws IoFailure, Corruption {
        // Version 2 has no zero flag; without a backing file, unallocated clusters read as zeroes.
        if (img.version() < 3 && img.backing != null) throw new IoFailure(Errno.ENOTSUP);
        long end = offset + length;
        long pos = offset;
        while (pos < end) {
            long clusterStart = g.startOfCluster(pos);
            long clusterEnd = clusterStart + cs;
            long partEnd = Math.min(end, clusterEnd);
            if (pos == clusterStart && partEnd == clusterEnd) {
                long alignedEnd = g.startOfCluster(end);
                zeroClusters(pos, alignedEnd, mayUnmap);
                pos = alignedEnd;
                continue;
            }
            boolean wholeClusterZeroable = readsAsZero(clusterStart, pos - clusterStart)
                    && readsAsZero(partEnd, clusterEnd - partEnd)
                    && img.map.entry(clusterStart) instanceof L2Entry e
                    && (e instanceof L2Entry.Unallocated || e instanceof L2Entry.Zero);
            if (wholeClusterZeroable) {
                zeroClusters(clusterStart, clusterEnd, mayUnmap);
            } else {
                write(pos, ByteBuffer.allocate((int) (partEnd - pos)));
            }
            pos = partEnd;
        }
    }

    /** Whether the guest range reads as zeroes through the whole backing chain (QEMU's is_zero). */
    private boolean readsAsZero(long offset, long length) throws IoFailure, Corruption {
        long pos = offset;
        while (pos < offset + length) {
            if (pos >= img.size()) return true;
            ClusterMap.Run run = img.map.run(pos, offset + length - pos);
            switch (run.entry()) {
                case L2Entry.Zero z -> { }
                case L2Entry.Unallocated u -> {
                    Child b = img.backing;
                    if (b != null && pos < b.length()) {
                        long n = Math.min(run.bytes(), b.length() - pos);
                        for (long p = pos; p < pos + n; ) {
                            BlockStatus s = b.blockStatus(p, pos + n - p);
                            if (!s.zero()) return false;
                            p += s.length();
                        }
                    }
                }
                default -> {
                    return false;
                }
            }
            pos += run.bytes();
        }
        return true;
    }

    /** QEMU's zero_in_l2_slice over whole clusters {@code [start, end)} (a discard on version 2). */
    private void zeroClusters(long start, long end, boolean mayUnmap) throws IoFailure, Corruption {
        for (long pos = start; pos < end; pos += cs) {
            if (img.version() < 3) {
                discardCluster(pos, false, FreeReason.REQUEST);
                continue;
            }
            img.map.ownL2(pos);
            long old = img.map.rawEntry(pos);
            L2Entry e = L2Entry.decode(old, g, img.version());
            boolean allocated = e instanceof L2Entry.Normal || e instanceof L2Entry.Zero z && z.allocated();
            boolean unmap = e instanceof L2Entry.Compressed || (mayUnmap && allocated);
            long updated = (unmap ? 0 : old) | Geometry.ZERO;
            if (updated == old) continue;
            img.map.setEntry(pos, updated);
            if (unmap) free(e, FreeReason.REQUEST);
        }
    }

    /**
     * Guest discard of whole clusters (QEMU's discard_in_l2_slice, not a full discard): the
     * clusters read as zeroes afterwards on version 3 images, or fall through to the backing
     * image on version 2.
     */
    void discard(long offset, long length) throws IoFailure, Corruption {
        // Version 2 has no zero flag: dropping a cluster would expose the backing image's data.
        if (img.version() < 3 && img.backing != null) throw new IoFailure(Errno.ENOTSUP);
        long start = g.startOfCluster(offset + g.clusterMask());
        long end = offset + length == img.size() ? offset + length : g.startOfCluster(offset + length);
        for (long pos = start; pos < end; pos += cs) discardCluster(pos, false, FreeReason.REQUEST);
    }

    /** One cluster; {@code full}: make it unallocated whatever the backing image holds. */
    void discardCluster(long pos, boolean full, FreeReason why) throws IoFailure, Corruption {
        img.map.ownL2(pos);
        long old = img.map.rawEntry(pos);
        L2Entry e = L2Entry.decode(old, g, img.version());
        long updated;
        if (full) {
            updated = 0;
        } else if (img.backing != null || !(e instanceof L2Entry.Unallocated || e instanceof L2Entry.Zero z
                && !z.allocated())) {
            updated = img.version() >= 3 ? Geometry.ZERO : 0;
        } else {
            updated = old;
        }
        if (updated == old) return;
        img.map.setEntry(pos, updated);
        free(e, why);
    }

    /**
     * Compressed write of whole clusters (the last may end at the end of the image), into
     * clusters not yet allocated. A cluster that does not compress is written normally.
     */
    void writeCompressed(long offset, ByteBuffer src) throws IoFailure, Corruption {
        if (!src.hasRemaining()) {
            // QEMU's end of a compressed copy: the file ends on a sector boundary (lengths count whole sectors).
            try {
                img.file.truncate(img.file.length(), false);
            } catch (org.blockspec.engine.spi.BlockException e) {
                throw new IoFailure(Errno.EIO);
            }
            return;
        }
        if (g.offsetInCluster(offset) != 0) throw new IoFailure(Errno.EINVAL);
        if (g.offsetInCluster(src.remaining()) != 0 && offset + src.remaining() != img.size()) {
            throw new IoFailure(Errno.EINVAL);
        }
        byte[] in = new byte[cs];
        byte[] out = new byte[cs - 1];
        for (long pos = offset; src.hasRemaining(); pos += cs) {
            int n = Math.min(cs, src.remaining());
            java.util.Arrays.fill(in, (byte) 0);
            src.get(in, 0, n);
            int len = Deflate.deflate(in, out);
            if (len < 0) {
                write(pos, ByteBuffer.wrap(in, 0, n));
                continue;
            }
            img.map.ownL2(pos);
            if ((img.map.rawEntry(pos) & Geometry.OFFSET_MASK) != 0) throw new IoFailure(Errno.EIO);
            long host = img.refcounts.allocateBytes(len);
            checkOverlap(host, len);
            int sectors = L2Entry.Compressed.sectorsFor(host, len);
            img.map.cache().dependOn(img.refcounts.cache());
            img.map.setEntry(pos, L2Entry.compressed(host, sectors, g));
            IoFailure.check(img.file.write(host, ByteBuffer.wrap(out, 0, len)));
        }
    }

    /** Allocation status of the run at {@code offset} (QEMU's qcow2_co_block_status). */
    BlockStatus status(long offset, long length) throws IoFailure, Corruption {
        long max = Math.min(length, img.size() - offset);
        ClusterMap.Run run = img.map.run(offset, max);
        long n = run.bytes();
        long in = g.offsetInCluster(offset);
        String node = img.file.nodeName();
        return switch (run.entry()) {
            case L2Entry.Unallocated u -> BlockStatus.unallocated(n);
            case L2Entry.Zero z -> z.allocated() ? BlockStatus.hole(n).at(z.hostOffset() + in, node) : BlockStatus.hole(n);
            case L2Entry.Normal d -> dataStatus(d.hostOffset() + in, n, node);
            case L2Entry.Compressed c -> BlockStatus.data(n);
        };
    }

    /**
     * Data clusters of a metadata-preallocated image may be holes in the file: then ask the
     * file, and report zeroes where it has none (QEMU's BDRV_BLOCK_RECURSE).
     */
    private BlockStatus dataStatus(long host, long n, String node) throws IoFailure, Corruption {
        if (!metadataPreallocated()) return BlockStatus.data(n).at(host, node);
        BlockStatus file = img.file.blockStatus(host, n);
        boolean zero = file.zero() || host >= img.file.length();
        long len = host >= img.file.length() ? n : Math.min(n, file.length());
        return new BlockStatus(len, true, zero, true, host, node);
    }

    /**
     * QEMU's qcow2_detect_metadata_preallocation: clearly more clusters are in use than the
     * file really occupies.
     */
    private boolean metadataPreallocated() throws IoFailure, Corruption {
        if (metadataPreallocated == null) {
            long real = img.file.allocatedSize() / cs;
            long threshold = Math.max(real * 10 / 9, real + 2);
            long end = g.clustersFor(img.file.length());
            long used = 0;
            for (long i = 0; i < end && used < threshold; i++) if (img.refcounts.get(i) != 0) used++;
            metadataPreallocated = img.file.allocatedSize() >= 0 && used >= threshold;
        }
        return metadataPreallocated;
    }
}
