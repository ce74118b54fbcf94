package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.CheckMode;
import org.blockspec.engine.spi.CheckReport;
import org.blockspec.engine.spi.Errno;

/**
 * The snapshot table's part of a check (QEMU's qcow2_check_read_snapshot_table and
 * qcow2_check_fix_snapshot_table). An open for checking skips the table; the check reads it
 * first, so that the clusters snapshots reference count as in use, and with {@code -r all}
 * writes it back repaired: overhanging entries dropped, extra data cut to the maximum,
 * incomplete version 3 entries completed.
 */
final class SnapshotCheck {
    private static final int NB_SNAPSHOTS_OFFSET = 60;

    private final Qcow2Image img;
    private final CheckReport report;
    long corruptions;
    long corruptionsFixed;
    long checkErrors;

    SnapshotCheck(Qcow2Image img, CheckReport report) {
        this.img = img;
        this.report = report;
    }

    /** Reads the table into the image; a table that cannot be read fails the check with the errno. */
    void read(CheckMode mode) throws BlockException {
        Qcow2Header h = img.header();
        long count = h.nbSnapshots();
        long reduced = 0;
        if (count > Snapshots.MAX_SNAPSHOTS && mode.fixErrors()) {
            report.line("Discarding " + (count - Snapshots.MAX_SNAPSHOTS) + " overhanging snapshots");
            reduced = count - Snapshots.MAX_SNAPSHOTS;
            count = Snapshots.MAX_SNAPSHOTS;
        }
        img.snapshots = Snapshots.NONE;
        try {
            Qcow2Header.validateTable(h.snapshotsOffset(), count, Snapshots.ENTRY_HEADER_BYTES,
                    (long) Snapshots.ENTRY_HEADER_BYTES * Snapshots.MAX_SNAPSHOTS, "snapshot table", img.g.clusterSize());
        } catch (BlockException e) {
            checkErrors++;
            report.error("ERROR " + e.getMessage());
            if (count > Snapshots.MAX_SNAPSHOTS) {
                report.line("You can force-remove all " + (count - Snapshots.MAX_SNAPSHOTS)
                        + " overhanging snapshots with qemu-img check -r all");
            }
            throw new BlockException((e.getMessage().endsWith("too large") ? Errno.EFBIG : Errno.EINVAL).text());
        }
        Snapshots.Repaired r;
        try {
            r = Snapshots.read(img.file, h.snapshotsOffset(), count, img.size(), mode.fixErrors(), report);
        } catch (BlockException e) {
            checkErrors++;
            report.error("ERROR failed to read the snapshot table: " + e.getMessage());
            throw new BlockException((e.getMessage().startsWith("Failed to read") ? Errno.EIO : Errno.EFBIG).text());
        }
        img.snapshots = r.table();
        reduced += r.dropped();
        corruptions += reduced + r.extraCut();
        if (reduced > 0) {
            long kept = r.table().snapshots().size();
            try {
                IoFailure.check(img.file.write(NB_SNAPSHOTS_OFFSET, ByteBuffer.allocate(4).putInt(0, (int) kept)));
                IoFailure.check(img.file.flush());
            } catch (IoFailure e) {
                checkErrors++;
                report.line("ERROR failed to update the snapshot count in the image header: " + e.errno.text());
                throw new BlockException(e.errno.text());
            }
            img.snapshotsMoved(kept, h.snapshotsOffset());
            corruptionsFixed += reduced;
            corruptions -= reduced;
        }
        if (img.version() >= 3) {
            List<Snapshots.Snapshot> list = r.table().snapshots();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).extraDataSize() < Snapshots.REQUIRED_EXTRA_BYTES) {
                    corruptions++;
                    report.line((mode.fixErrors() ? "Repairing" : "ERROR") + " snapshot table entry " + i
                            + " is incomplete");
                }
            }
        }
    }

    /** After the refcounts are right: with {@code -r all}, the table written anew (QEMU's qcow2_write_snapshots). */
    void fix(CheckMode mode) throws BlockException {
        if (corruptions == 0 || !mode.fixErrors()) return;
        try {
            write();
        } catch (IoFailure e) {
            checkErrors++;
            report.line("ERROR failed to update snapshot table: " + e.errno.text());
            throw new BlockException(e.errno.text());
        } catch (Corruption c) {
            checkErrors++;
            report.line("ERROR failed to update snapshot table: " + Errno.EIO.text());
            throw new BlockException(Errno.EIO.text());
        }
        corruptionsFixed += corruptions;
        corruptions = 0;
    }

    private void write() throws IoFailure, Corruption {
        List<Snapshots.Snapshot> list = img.snapshots.snapshots();
        ByteBuffer table = Snapshots.encode(list);
        long offset = table.capacity() == 0 ? 0 : img.refcounts.allocate(table.capacity());
        img.flushCaches();
        if (table.capacity() > 0) {
            String overlap = OverlapCheck.find(img, offset, table.capacity());
            if (overlap != null) {
                // QEMU's qcow2_signal_corruption from the pre-write overlap check.
                report.line("qcow2: Marking image as corrupt: Preventing invalid write on metadata (overlaps with "
                        + overlap + "); further corruption events will be suppressed");
                img.markCorrupt();
                throw new IoFailure(Errno.EIO);
            }
            IoFailure.check(img.file.write(offset, table));
            IoFailure.check(img.file.flush());
        }
        ByteBuffer pointer = ByteBuffer.allocate(12).putInt(0, list.size()).putLong(4, offset);
        IoFailure.check(img.file.write(NB_SNAPSHOTS_OFFSET, pointer));
        IoFailure.check(img.file.flush());
        long oldOffset = img.header().snapshotsOffset();
        long oldBytes = img.snapshots.bytes();
        img.snapshotsMoved(list.size(), offset);
        img.snapshots = new Snapshots.Table(list, table.capacity());
        if (oldBytes > 0) img.refcounts.free(oldOffset, oldBytes, FreeReason.SNAPSHOT);
        img.flushCaches();
    }
}
