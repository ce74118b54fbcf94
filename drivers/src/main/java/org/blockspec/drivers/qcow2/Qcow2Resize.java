package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Child;

/**
 * Changing the virtual size (QEMU's qcow2_co_truncate without preallocation). Growing makes
 * the L1 table large enough and, when a backing image would otherwise show through the new
 * area, makes that area read as zeroes. Shrinking drops every cluster past the new end,
 * frees the L2 tables no longer reachable and trims the file after the last cluster in use.
 * The size in the header changes last.
 */
final class Qcow2Resize {
    private final Qcow2Image img;
    private final Qcow2Io io;
    private final Geometry g;

    Qcow2Resize(Qcow2Image img, Qcow2Io io) {
        this.img = img;
        this.io = io;
        this.g = img.g;
    }

    void resize(long size) throws BlockException {
        if (size % 512 != 0) throw new BlockException("The new size must be a multiple of 512");
        // Snapshot sizes were not recorded before version 3 (a version 3 image keeps each snapshot's in its entry).
        if (!img.snapshots.snapshots().isEmpty() && img.version() < 3) {
            throw new BlockException("Can't resize a v2 image which has snapshots");
        }
        long old = img.size();
        try {
            if (size > old) {
                grow(old, size);
            } else if (size < old) {
                shrink(size);
            }
            img.writeSize(size);
        } catch (IoFailure e) {
            throw new BlockException("Failed to resize the image: " + e.errno.text());
        } catch (Corruption c) {
            throw new BlockException("Image is corrupt: " + c.getMessage());
        }
    }

    private void grow(long old, long size) throws IoFailure, Corruption, BlockException {
        long entries = g.l1EntriesFor(size);
        if (entries > img.map.l1().length) {
            try {
                img.map.grow(entries, true);
            } catch (IoFailure e) {
                throw new BlockException("Failed to grow the L1 table: " + e.errno.text());
            }
        }
        Child backing = img.backing;
        if (backing == null || backing.length() <= old) return;
        // The backing image reaches into the new area, which must read as zeroes nonetheless.
        long zeroStart = g.startOfCluster(old + g.clusterMask());
        long zeroEnd = g.startOfCluster(size + g.clusterMask());
        if (img.version() >= 3) {
            if (zeroEnd > zeroStart) io.writeZeroes(zeroStart, zeroEnd - zeroStart, false);
        } else {
            for (long p = zeroStart; p < zeroEnd; p += g.clusterSize()) io.write(p, ByteBuffer.allocate(g.clusterSize()));
        }
        if (zeroStart > old) io.write(old, ByteBuffer.allocate((int) (zeroStart - old)));
    }

    private void shrink(long size) throws IoFailure, Corruption, BlockException {
        long end = img.size();
        int keep = (int) g.l1EntriesFor(size);
        for (long p = g.startOfCluster(size + g.clusterMask()); p < end; ) {
            if (img.map.l2Offset(p) == 0) {
                // QEMU's discard gives a kept L1 entry an (empty) L2 table even here; images match it.
                if (g.l1Index(p) < keep) img.map.ownL2(p);
                p = (p / g.l2Coverage() + 1) * g.l2Coverage();
                continue;
            }
            io.discardCluster(p, true, FreeReason.ALWAYS);
            p += g.clusterSize();
        }
        // L2 tables wholly past the new end leave the L1 table once their cleared entries are on disk.
        long[] dropped = java.util.Arrays.copyOfRange(img.map.l1(), keep, img.map.l1().length);
        img.flushCaches();
        img.map.clearL1From(keep);
        IoFailure.check(img.file.flush());
        for (long e : dropped) {
            long l2 = e & Geometry.OFFSET_MASK;
            if (l2 != 0) img.refcounts.free(l2, g.clusterSize(), FreeReason.ALWAYS);
        }
        img.flushCaches();
        trimFile();
    }

    /** Cuts the file after the last cluster with a reference (QEMU's qcow2_get_last_cluster). */
    private void trimFile() throws IoFailure, Corruption, BlockException {
        long last = g.clustersFor(img.file.length()) - 1;
        while (last > 0 && img.refcounts.get(last) == 0) last--;
        img.file.truncate((last + 1) << g.clusterBits(), false);
    }
}
