package org.blockspec.drivers.qcow2;

/**
 * QEMU's metadata overlap check before data writes (overlap-check=cached, the default):
 * a data write that would land on the header, the L1 table, an L2 table, the refcount
 * table, a refcount block or the snapshot table means the metadata is already wrong, and
 * the write must not happen.
 */
final class OverlapCheck {
    private OverlapCheck() {
    }

    /** The name of the first structure {@code [offset, offset + length)} overlaps, or null. */
    static String find(Qcow2Image img, long offset, long length) {
        Geometry g = img.g;
        Qcow2Header h = img.header();
        if (overlaps(offset, length, 0, g.clusterSize())) return "qcow2_header";
        if (overlaps(offset, length, img.map.l1Offset(), img.map.l1().length * 8L)) return "active L1 table";
        for (long e : img.map.l1()) {
            long l2 = e & Geometry.OFFSET_MASK;
            if (l2 != 0 && overlaps(offset, length, l2, g.clusterSize())) return "active L2 table";
        }
        if (overlaps(offset, length, img.refcounts.tableOffset(), img.refcounts.tableClusters() * g.clusterSize())) {
            return "refcount table";
        }
        for (long e : img.refcounts.table()) {
            long block = e & ~0x1ffL;
            if (block != 0 && overlaps(offset, length, block, g.clusterSize())) return "refcount block";
        }
        if (h.nbSnapshots() > 0 && overlaps(offset, length, h.snapshotsOffset(), img.snapshots.bytes())) {
            return "snapshot table";
        }
        for (Snapshots.Snapshot s : img.snapshots.snapshots()) {
            if (s.problem(g) == null && overlaps(offset, length, s.l1Offset(), s.l1Size() * 8)) return "inactive L1 table";
        }
        return null;
    }

    private static boolean overlaps(long offset, long length, long start, long size) {
        return size > 0 && offset < start + size && start < offset + length;
    }
}
