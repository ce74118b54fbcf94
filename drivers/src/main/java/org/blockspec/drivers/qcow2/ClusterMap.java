package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.blockspec.engine.spi.Child;

/**
 * Guest-to-host mapping: the active L1 table (in memory, written through one 512-byte
 * chunk at a time) and the L2 tables (slices in a {@link TableCache}). It finds runs of
 * clusters that map alike, and gives writers an L2 table of their own: allocated, or copied
 * when shared with a snapshot, always written and flushed before the L1 entry points to it.
 */
final class ClusterMap {
    /** Receives the new place and size of the L1 table; must write the header and flush. */
    interface L1Moved {
        void moved(long offset, long entries) throws IoFailure;
    }

    /** A run of guest clusters from a guest offset: how they map and how many bytes of them. */
    record Run(L2Entry entry, long bytes) {
    }

    private static final int L1_CHUNK = 64;

    private final Geometry g;
    private final Child file;
    private final TableCache l2;
    private final Refcounts refcounts;
    private final int version;
    private final L1Moved l1Moved;
    private final int sliceEntries;
    private long[] l1;
    private long l1Offset;

    ClusterMap(Geometry g, Child file, TableCache l2, Refcounts refcounts, int version, long[] l1, long l1Offset,
               L1Moved l1Moved) {
        this.g = g;
        this.file = file;
        this.l2 = l2;
        this.refcounts = refcounts;
        this.version = version;
        this.l1 = l1;
        this.l1Offset = l1Offset;
        this.l1Moved = l1Moved;
        this.sliceEntries = l2.entryBytes() / 8;
    }

    static long[] readL1(Child file, long offset, long entries) throws IoFailure {
        long[] t = new long[Math.toIntExact(entries)];
        ByteBuffer b = ByteBuffer.allocate(t.length * 8);
        IoFailure.check(file.read(offset, b.duplicate()));
        for (int i = 0; i < t.length; i++) t[i] = b.getLong(i * 8);
        return t;
    }

    long[] l1() { return l1; }

    void reset(long[] table, long offset) {
        l1 = table;
        l1Offset = offset;
    }

    long l1Offset() { return l1Offset; }

    TableCache cache() { return l2; }

    /** The L2 table for a guest offset, or 0 when none is allocated. */
    long l2Offset(long guest) throws Corruption {
        int i1 = g.l1Index(guest);
        if (i1 >= l1.length) return 0;
        long offset = l1[i1] & Geometry.OFFSET_MASK;
        if (offset != 0 && !g.clusterAligned(offset)) {
            throw new Corruption("L2 table offset " + Corruption.hex(offset) + " unaligned (L1 index: "
                    + Corruption.hex(i1) + ")");
        }
        return offset;
    }

    long rawEntry(long guest) throws IoFailure, Corruption {
        long table = l2Offset(guest);
        if (table == 0) return 0;
        int i2 = g.l2Index(guest);
        file.debugEvent("l2_load"); // every lookup, cached or not, as QEMU's l2_load
        return l2.get(table + (long) (i2 / sliceEntries) * l2.entryBytes()).getLong(i2 % sliceEntries);
    }

    /** The mapping of the cluster holding {@code guest}, checked as QEMU checks it before use. */
    L2Entry entry(long guest) throws IoFailure, Corruption {
        L2Entry e = L2Entry.decode(rawEntry(guest), g, version);
        long host = switch (e) {
            case L2Entry.Normal n -> n.hostOffset();
            case L2Entry.Zero z -> z.hostOffset();
            default -> 0;
        };
        if (!g.clusterAligned(host)) {
            throw new Corruption("Cluster allocation offset " + Corruption.hex(host) + " unaligned (L2 offset: "
                    + Corruption.hex(l2Offset(guest)) + ", L2 index: " + Corruption.hex(g.l2Index(guest)) + ")");
        }
        return e;
    }

    /**
     * The clusters from {@code guest} that map the same way (same kind; for data, contiguous
     * host clusters), up to {@code max} bytes and never past the end of their L2 slice.
     */
    Run run(long guest, long max) throws IoFailure, Corruption {
        L2Entry first = entry(guest);
        long inCluster = g.offsetInCluster(guest);
        long bytes = g.clusterSize() - inCluster;
        int i2 = g.l2Index(guest);
        int sliceEnd = (i2 / sliceEntries + 1) * sliceEntries;
        long next = g.startOfCluster(guest) + g.clusterSize();
        for (int i = i2 + 1; i < sliceEnd && bytes < max; i++, next += g.clusterSize()) {
            if (!continues(first, entry(next), (i - i2) * (long) g.clusterSize())) break;
            bytes += g.clusterSize();
        }
        return new Run(first, Math.min(bytes, max));
    }

    private static boolean continues(L2Entry first, L2Entry e, long distance) {
        return switch (first) {
            case L2Entry.Unallocated u -> e instanceof L2Entry.Unallocated;
            case L2Entry.Zero z -> e instanceof L2Entry.Zero z2 && z.allocated() == z2.allocated()
                    && (!z.allocated() || z2.hostOffset() == z.hostOffset() + distance);
            case L2Entry.Normal n -> e instanceof L2Entry.Normal n2 && n2.copied() == n.copied()
                    && n2.hostOffset() == n.hostOffset() + distance;
            case L2Entry.Compressed c -> false;
        };
    }

    /**
     * Makes sure the guest offset has an L2 table this image owns alone and returns its host
     * offset: a new one (refcounts flushed, table written and flushed, then the L1 entry),
     * or a copy of a table shared with a snapshot. Grows the L1 table when needed.
     */
    long ownL2(long guest) throws IoFailure, Corruption {
        int i1 = g.l1Index(guest);
        if (i1 >= l1.length) grow(i1 + 1L, false);
        long entry = l1[i1];
        long old = l2Offset(guest);
        if (old != 0 && (entry & Geometry.COPIED) != 0) return old;
        long fresh = refcounts.allocate(g.clusterSize());
        if (fresh == 0) throw new Corruption("Preventing invalid allocation of L2 table at offset 0", 0, g.clusterSize());
        refcounts.cache().flush();
        ByteBuffer contents = ByteBuffer.allocate(g.clusterSize());
        for (int s = 0; old != 0 && s < g.clusterSize() / l2.entryBytes(); s++) {
            contents.put(s * l2.entryBytes(), l2.get(old + (long) s * l2.entryBytes()).data, 0, l2.entryBytes());
        }
        file.debugEvent("l2_alloc_write");
        for (int s = 0; s < g.clusterSize() / l2.entryBytes(); s++) {
            TableCache.Table t = l2.getEmpty(fresh + (long) s * l2.entryBytes());
            t.data.put(0, contents, s * l2.entryBytes(), l2.entryBytes());
            l2.markDirty(t);
        }
        l2.flush();
        l1[i1] = fresh | Geometry.COPIED;
        writeL1Entry(i1);
        if (old != 0) refcounts.free(old, g.clusterSize(), FreeReason.OTHER);
        return fresh;
    }

    /** Sets the raw L2 entry of the cluster holding {@code guest}; its table must be owned. */
    void setEntry(long guest, long raw) throws IoFailure, Corruption {
        long table = l2Offset(guest);
        int i2 = g.l2Index(guest);
        TableCache.Table t = l2.get(table + (long) (i2 / sliceEntries) * l2.entryBytes());
        t.putLong(i2 % sliceEntries, raw);
        l2.markDirty(t);
    }

    /** Writes the 512-byte chunk of the L1 table that holds entry {@code index}. */
    void writeL1Entry(int index) throws IoFailure {
        int start = index / L1_CHUNK * L1_CHUNK;
        int count = Math.min(L1_CHUNK, l1.length - start);
        ByteBuffer b = ByteBuffer.allocate(count * 8);
        for (int i = 0; i < count; i++) b.putLong(i * 8, l1[start + i]);
        file.debugEvent("l1_update");
        IoFailure.check(file.write(l1Offset + start * 8L, b));
    }

    /** Clears L1 entries from {@code index} on (shrinking), writing them out. */
    void clearL1From(int index) throws IoFailure {
        Arrays.fill(l1, index, l1.length, 0);
        for (int i = index / L1_CHUNK * L1_CHUNK; i < l1.length; i += L1_CHUNK) writeL1Entry(i);
    }

    /**
     * A larger L1 table (QEMU's qcow2_grow_l1_table): exactly {@code minEntries}, or grown by
     * half steps. The new table is written and flushed before the header points to it.
     */
    void grow(long minEntries, boolean exact) throws IoFailure, Corruption {
        if (minEntries <= l1.length) return;
        long entries = minEntries;
        if (!exact) {
            entries = Math.max(1, l1.length);
            while (entries < minEntries) entries = (entries * 3 + 1) / 2;
        }
        if (entries * 8 > Geometry.MAX_L1_BYTES) throw new IoFailure(org.blockspec.engine.spi.Errno.EFBIG);
        long[] grown = Arrays.copyOf(l1, Math.toIntExact(entries));
        long offset = refcounts.allocate(entries * 8);
        refcounts.cache().flush();
        ByteBuffer b = ByteBuffer.allocate(grown.length * 8);
        for (int i = 0; i < grown.length; i++) b.putLong(i * 8, grown[i]);
        IoFailure.check(file.write(offset, b));
        IoFailure.check(file.flush());
        l1Moved.moved(offset, entries);
        long oldOffset = l1Offset;
        long oldBytes = l1.length * 8L;
        l1 = grown;
        l1Offset = offset;
        if (oldBytes > 0) refcounts.free(oldOffset, oldBytes, FreeReason.OTHER);
    }
}
