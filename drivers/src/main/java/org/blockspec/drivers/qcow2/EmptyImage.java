package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;

import org.blockspec.engine.spi.BlockException;

/**
 * Emptying an image so that it reads through to its backing file again (qemu-img commit's
 * last step, QEMU's qcow2_make_empty). A version 3 image without snapshots is rebuilt as
 * freshly created (header, refcount table, one refcount block, zeroed L1 table) under the
 * dirty bit, and its file cut after that; any other image has every cluster discarded.
 */
final class EmptyImage {
    private final Qcow2Image img;
    private final Qcow2Io io;
    private final Geometry g;

    EmptyImage(Qcow2Image img, Qcow2Io io) {
        this.img = img;
        this.io = io;
        this.g = img.g;
    }

    void empty() throws BlockException {
        try {
            long l1Clusters = g.clustersFor(img.map.l1().length * 8L);
            if (img.version() >= 3 && img.snapshots.snapshots().isEmpty() && 3 + l1Clusters <= g.refblockEntries()) {
                completely(l1Clusters);
            } else {
                discardAll();
            }
        } catch (IoFailure e) {
            throw new BlockException(e.errno.text());
        } catch (Corruption c) {
            throw new BlockException("Image is corrupt: " + c.getMessage());
        }
    }

    private void discardAll() throws IoFailure, Corruption {
        for (long p = 0; p < img.size(); ) {
            if (img.map.l2Offset(p) == 0) {
                p = (p / g.l2Coverage() + 1) * g.l2Coverage();
                continue;
            }
            io.discardCluster(p, true, FreeReason.SNAPSHOT);
            p += g.clusterSize();
        }
        img.flushCaches();
    }

    /**
     * QEMU's make_completely_empty. While the dirty bit is set nothing on disk needs to be
     * consistent, so the structures are overwritten in place and rebuilt from cluster 0.
     */
    private void completely(long l1Clusters) throws IoFailure, Corruption {
        int cs = g.clusterSize();
        img.markDirty();
        IoFailure.check(img.file.writeZeroes(img.map.l1Offset(), l1Clusters * cs,
                org.blockspec.engine.spi.ReqFlags.NONE));
        img.map.cache().clear();
        img.refcounts.cache().clear();
        IoFailure.check(img.file.writeZeroes(cs, (2 + l1Clusters) * cs, org.blockspec.engine.spi.ReqFlags.NONE));
        ByteBuffer fields = ByteBuffer.allocate(20).putLong(0, 3L * cs).putLong(8, cs).putInt(16, 1);
        IoFailure.check(img.file.write(40, fields));
        IoFailure.check(img.file.flush());
        long[] reftable = new long[cs / 8];
        reftable[0] = 2L * cs;
        IoFailure.check(img.file.write(cs, ByteBuffer.allocate(8).putLong(0, 2L * cs)));
        IoFailure.check(img.file.flush());
        img.tablesRebuilt(new long[img.map.l1().length], 3L * cs, reftable, cs, 1);
        long at = img.refcounts.allocate(3L * cs + img.map.l1().length * 8L);
        if (at != 0) throw new Corruption("First cluster in emptied image is in use");
        img.markClean();
        try {
            img.file.truncate((3 + l1Clusters) * cs, false);
        } catch (BlockException e) {
            throw new IoFailure(org.blockspec.engine.spi.Errno.EIO);
        }
    }
}
