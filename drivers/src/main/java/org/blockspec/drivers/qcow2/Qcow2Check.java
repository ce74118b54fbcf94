package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.CheckMode;
import org.blockspec.engine.spi.CheckReport;
import org.blockspec.engine.spi.CheckResult;

/**
 * QEMU's qcow2 consistency check (qcow2_check_refcounts, between reading and repairing the
 * snapshot table in {@link SnapshotCheck}): counts every reference the metadata makes, compares the counts with the refcounts on disk, reports what differs in
 * QEMU's words and repairs what the mode allows: leaks and excess counts by lowering them,
 * missing counts by raising them, and a refcount structure that cannot be trusted by
 * rebuilding it from the counts. Last it checks the "refcount is one" flags.
 */
final class Qcow2Check {
    private static final long L1_RESERVED = 0x7f00_0000_0000_01ffL;
    private static final long L2_RESERVED = 0x3f00_0000_0000_01feL;
    private static final long REFTABLE_RESERVED = 0x1ffL;

    private final Qcow2Image img;
    private final Geometry g;
    private final CheckReport report;
    private long corruptions;
    private long leaks;
    private long checkErrors;
    private long corruptionsFixed;
    private long leaksFixed;
    private long allocated;
    private long fragmented;
    private long compressed;
    private long nextContiguous;
    /** References found, per host cluster. */
    private long[] counts;
    private boolean rebuild;

    Qcow2Check(Qcow2Image img, CheckReport report) {
        this.img = img;
        this.g = img.g;
        this.report = report;
    }

    CheckResult run(CheckMode mode) throws BlockException {
        try {
            if (img.writable) img.flushCaches();
            SnapshotCheck snapshots = new SnapshotCheck(img, report);
            snapshots.read(mode);
            long highest = check(mode);
            snapshots.fix(mode);
            corruptions += snapshots.corruptions;
            corruptionsFixed += snapshots.corruptionsFixed;
            checkErrors += snapshots.checkErrors;
            if (mode != CheckMode.NONE && checkErrors == 0 && corruptions == 0) {
                img.markClean();
                img.markConsistent();
            }
            if (img.writable) img.flushCaches();
            return new CheckResult(corruptions, leaks, checkErrors, corruptionsFixed, leaksFixed,
                    (highest + 1) * g.clusterSize(), g.clustersFor(img.size()), allocated, fragmented, compressed);
        } catch (IoFailure e) {
            throw new BlockException(e.errno.text());
        }
    }

    private long check(CheckMode mode) throws IoFailure, BlockException {
        long fileClusters = g.clustersFor(img.file.length());
        counts = new long[(int) Math.min(Integer.MAX_VALUE - 8, fileClusters)];
        countReferences(true);
        long[] highest = {-1};
        long savedCorruptions = corruptions;
        long savedLeaks = leaks;
        compare(CheckMode.NONE, highest);
        if (rebuild && mode.fixErrors()) {
            long oldCorruptions = corruptions;
            long oldLeaks = leaks;
            report.line("Rebuilding refcount structure");
            new RefcountRebuild(img, counts).rebuild();
            corruptions = 0;
            leaks = 0;
            rebuild = false;
            counts = new long[(int) Math.min(Integer.MAX_VALUE - 8, g.clustersFor(img.file.length()))];
            allocated = fragmented = compressed = nextContiguous = 0;
            countReferences(true);
            long keptCorruptions = corruptions;
            long keptLeaks = leaks;
            long keptFixedLeaks = leaksFixed;
            long keptFixedCorruptions = corruptionsFixed;
            corruptions = leaks = 0;
            compare(CheckMode.LEAKS, highest);
            if (rebuild) report.line("ERROR rebuilt refcount structure is still broken");
            long freshLeaks = leaks;
            corruptions = keptCorruptions;
            leaks = keptLeaks;
            leaksFixed = keptFixedLeaks;
            corruptionsFixed = keptFixedCorruptions;
            if (corruptions < oldCorruptions) corruptionsFixed += oldCorruptions - corruptions;
            if (leaks < oldLeaks) leaksFixed += oldLeaks - leaks;
            leaks += freshLeaks;
        } else if (mode != CheckMode.NONE) {
            if (rebuild) {
                report.line("ERROR need to rebuild refcount structures");
                checkErrors++;
                throw new BlockException(org.blockspec.engine.spi.Errno.EIO.text());
            }
            if (leaks > 0 || corruptions > 0) {
                corruptions = savedCorruptions;
                leaks = savedLeaks;
                compare(mode, highest);
            }
        }
        checkCopiedFlags(mode);
        return highest[0];
    }

    /** QEMU's calculate_refcounts: header, active L1/L2, snapshots, refcount table and blocks. */
    private void countReferences(boolean fragInfo) throws IoFailure {
        Qcow2Header h = img.header();
        count(0, g.clusterSize());
        countL1(img.map.l1Offset(), img.map.l1().length, fragInfo);
        for (Snapshots.Snapshot s : img.snapshots.snapshots()) {
            String problem = s.problem(g);
            if (problem != null) {
                report.line(problem);
                corruptions++;
                continue;
            }
            countL1(s.l1Offset(), s.l1Size(), false);
        }
        count(h.snapshotsOffset(), img.snapshots.bytes());
        count(img.refcounts.tableOffset(), img.refcounts.tableClusters() * g.clusterSize());
        long[] table = img.refcounts.table();
        for (int i = 0; i < table.length; i++) {
            long entry = table[i];
            long offset = entry & ~REFTABLE_RESERVED;
            if ((entry & REFTABLE_RESERVED) != 0) {
                report.line("ERROR refcount table entry " + i + " has reserved bits set");
                corruptions++;
                rebuild = true;
                continue;
            }
            if (!g.clusterAligned(offset)) {
                report.line("ERROR refcount block " + i + " is not cluster aligned; refcount table entry corrupted");
                corruptions++;
                rebuild = true;
                continue;
            }
            if (offset == 0) continue;
            long cluster = offset >>> g.clusterBits();
            if (cluster >= g.clustersFor(img.file.length())) {
                report.line("ERROR refcount block " + i + " is outside image");
                corruptions++;
                rebuild = true;
                continue;
            }
            count(offset, g.clusterSize());
            if (countAt(cluster) != 1) {
                report.line("ERROR refcount block " + i + " refcount=" + countAt(cluster));
                corruptions++;
                rebuild = true;
            }
        }
    }

    private void countL1(long offset, long entries, boolean fragInfo) throws IoFailure {
        count(offset, entries * 8);
        if (entries == 0) return;
        ByteBuffer l1 = ByteBuffer.allocate(Math.toIntExact(entries * 8));
        if (!img.file.read(offset, l1.duplicate()).ok()) {
            report.line("ERROR: I/O error in check_refcounts_l1");
            checkErrors++;
            return;
        }
        for (int i = 0; i < entries; i++) {
            long entry = l1.getLong(i * 8);
            if ((entry & L1_RESERVED) != 0) {
                report.line("ERROR found L1 entry with reserved bits set: " + Long.toHexString(entry));
                corruptions++;
            }
            long l2 = entry & Geometry.OFFSET_MASK;
            if (l2 == 0) continue;
            count(l2, g.clusterSize());
            if (!g.clusterAligned(l2)) {
                report.line("ERROR l2_offset=" + Long.toHexString(l2) + ": Table is not cluster aligned; L1 entry corrupted");
                corruptions++;
            }
            countL2(l2, fragInfo);
        }
    }

    private void countL2(long offset, boolean fragInfo) throws IoFailure {
        ByteBuffer l2 = ByteBuffer.allocate(g.clusterSize());
        if (!img.file.read(offset, l2.duplicate()).ok()) {
            report.line("ERROR: I/O error in check_refcounts_l2");
            checkErrors++;
            return;
        }
        for (int i = 0; i < g.l2Entries(); i++) {
            long raw = l2.getLong(i * 8);
            L2Entry e = L2Entry.decode(raw, g, img.version());
            if (!(e instanceof L2Entry.Compressed) && (raw & L2_RESERVED) != 0) {
                report.line("ERROR found l2 entry with reserved bits set: " + Long.toHexString(raw));
                corruptions++;
            }
            switch (e) {
                case L2Entry.Compressed c -> {
                    if ((raw & Geometry.COPIED) != 0) {
                        report.line("ERROR: coffset=0x" + Long.toHexString(c.hostOffset())
                                + ": copied flag must never be set for compressed clusters");
                        corruptions++;
                    }
                    count(c.hostOffset(), c.length());
                    if (fragInfo) {
                        // Compressed clusters are fragmented by nature, as QEMU counts them.
                        allocated++;
                        compressed++;
                        fragmented++;
                    }
                }
                case L2Entry.Normal d -> countData(d.hostOffset(), true, fragInfo);
                case L2Entry.Zero z when z.allocated() -> countData(z.hostOffset(), false, fragInfo);
                default -> { }
            }
        }
    }

    private void countData(long offset, boolean data, boolean fragInfo) {
        if (!g.clusterAligned(offset)) {
            corruptions++;
            report.line(data ? "ERROR offset=" + Long.toHexString(offset)
                    + ": Data cluster is not properly aligned; L2 entry corrupted."
                    : "ERROR offset=" + Long.toHexString(offset)
                    + ": Preallocated cluster is not properly aligned; L2 entry corrupted.");
        }
        if (fragInfo) {
            allocated++;
            if (nextContiguous != 0 && offset != nextContiguous) fragmented++;
            nextContiguous = offset + g.clusterSize();
        }
        count(offset, g.clusterSize());
    }

    /** QEMU's qcow2_inc_refcounts_imrt. */
    private void count(long offset, long size) {
        if (size <= 0) return;
        if (offset + size - img.file.length() >= g.clusterSize()) {
            report.line("ERROR: counting reference for region exceeding the end of the file by one cluster or more: offset 0x"
                    + Long.toHexString(offset) + " size 0x" + Long.toHexString(size));
            corruptions++;
            return;
        }
        long last = g.startOfCluster(offset + size - 1);
        for (long c = g.startOfCluster(offset); c <= last; c += g.clusterSize()) {
            int k = (int) (c >>> g.clusterBits());
            if (k >= counts.length) counts = Arrays.copyOf(counts, k + 1);
            if (Long.compareUnsigned(counts[k], g.refcountMax()) >= 0) {
                report.line("ERROR: overflow cluster offset=0x" + Long.toHexString(c));
                report.line("Use qemu-img amend to increase the refcount entry width or qemu-img convert to create a "
                        + "clean copy if the image cannot be opened for writing");
                corruptions++;
                continue;
            }
            counts[k]++;
        }
    }

    private long countAt(long cluster) {
        return cluster < counts.length ? counts[(int) cluster] : 0;
    }

    /** QEMU's compare_refcounts. */
    private void compare(CheckMode fix, long[] highest) throws IoFailure {
        for (long i = 0; i < counts.length; i++) {
            long onDisk;
            try {
                onDisk = img.refcounts.get(i);
            } catch (Corruption | IoFailure e) {
                report.line("Can't get refcount for cluster " + i + ": " + org.blockspec.engine.spi.Errno.EIO.text());
                checkErrors++;
                continue;
            }
            long found = counts[(int) i];
            if (onDisk > 0 || found > 0) highest[0] = i;
            if (onDisk == found) continue;
            boolean fixing = false;
            if (onDisk == 0) {
                rebuild = true;
            } else if (Long.compareUnsigned(onDisk, found) > 0 && fix.fixLeaks()) {
                fixing = true;
            } else if (Long.compareUnsigned(onDisk, found) < 0 && fix.fixErrors()) {
                fixing = true;
            }
            boolean leak = Long.compareUnsigned(onDisk, found) > 0;
            report.line((fixing ? "Repairing" : leak ? "Leaked" : "ERROR") + " cluster " + i + " refcount="
                    + Long.toUnsignedString(onDisk) + " reference=" + Long.toUnsignedString(found));
            if (fixing) {
                try {
                    img.refcounts.change(i << g.clusterBits(), 1, found - onDisk);
                    if (leak) leaksFixed++;
                    else corruptionsFixed++;
                    continue;
                } catch (Corruption | IoFailure e) {
                    // fall through: counted as not repaired
                }
            }
            if (leak) leaks++;
            else corruptions++;
        }
    }

    /** QEMU's check_oflag_copied: the "refcount is one" flag must say the truth. */
    private void checkCopiedFlags(CheckMode fix) throws IoFailure {
        boolean repair = fix.fixErrors() || (fix.fixLeaks() && checkErrors == 0 && corruptions == 0 && leaks == 0);
        long[] l1 = img.map.l1();
        for (int i = 0; i < l1.length; i++) {
            long entry = l1[i];
            long l2 = entry & Geometry.OFFSET_MASK;
            if (l2 == 0) continue;
            long refcount;
            try {
                refcount = img.refcounts.get(l2 >>> g.clusterBits());
            } catch (Corruption e) {
                continue;
            }
            if ((refcount == 1) != ((entry & Geometry.COPIED) != 0)) {
                corruptions++;
                report.line((repair ? "Repairing" : "ERROR") + " OFLAG_COPIED L2 cluster: l1_index=" + i + " l1_entry="
                        + Long.toHexString(entry) + " refcount=" + refcount);
                if (repair) {
                    l1[i] = refcount == 1 ? entry | Geometry.COPIED : entry & ~Geometry.COPIED;
                    img.map.writeL1Entry(i);
                    corruptions--;
                    corruptionsFixed++;
                }
            }
            ByteBuffer table = ByteBuffer.allocate(g.clusterSize());
            if (!img.file.read(l2, table.duplicate()).ok()) {
                report.line("ERROR: Could not read L2 table: " + org.blockspec.engine.spi.Errno.EIO.text());
                checkErrors++;
                return;
            }
            int dirty = 0;
            for (int j = 0; j < g.l2Entries(); j++) {
                long raw = table.getLong(j * 8);
                L2Entry e = L2Entry.decode(raw, g, img.version());
                long data = switch (e) {
                    case L2Entry.Normal d -> d.hostOffset();
                    case L2Entry.Zero z when z.allocated() -> z.hostOffset();
                    default -> -1;
                };
                if (data < 0) continue;
                long dataRefcount;
                try {
                    dataRefcount = img.refcounts.get(data >>> g.clusterBits());
                } catch (Corruption ex) {
                    continue;
                }
                if ((dataRefcount == 1) != ((raw & Geometry.COPIED) != 0)) {
                    corruptions++;
                    report.line((repair ? "Repairing" : "ERROR") + " OFLAG_COPIED data cluster: l2_entry="
                            + Long.toHexString(raw) + " refcount=" + dataRefcount);
                    if (repair) {
                        table.putLong(j * 8, dataRefcount == 1 ? raw | Geometry.COPIED : raw & ~Geometry.COPIED);
                        dirty++;
                    }
                }
            }
            if (dirty > 0) {
                img.map.cache().discard(l2, g.clusterSize());
                if (!img.file.write(l2, table.clear()).ok()) {
                    report.line("ERROR: Could not write L2 table: " + org.blockspec.engine.spi.Errno.EIO.text());
                    checkErrors++;
                    return;
                }
                corruptions -= dirty;
                corruptionsFixed += dirty;
            }
        }
    }
}
