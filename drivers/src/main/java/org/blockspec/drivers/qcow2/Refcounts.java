package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.function.LongConsumer;

import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.Errno;

/**
 * Host cluster management: the refcount table (kept in memory, written through) and the
 * refcount blocks (in a {@link TableCache}). Allocates clusters the way QEMU does (first
 * free run from a moving hint, byte-granular for compressed data), creates refcount blocks
 * and grows the table when new clusters need them, always writing a new structure and
 * flushing before anything points to it.
 */
final class Refcounts {
    /** Receives the new place of the refcount table; must write the header and flush. */
    interface TableMoved {
        void moved(long offset, long clusters) throws IoFailure;
    }

    private static final long REFTABLE_OFFSET_MASK = 0xffff_ffff_ffff_fe00L;
    /** Host clusters must stay addressable by L2 entries (bits 9-55). */
    private static final long MAX_HOST_OFFSET = 1L << 56;

    private final Geometry g;
    private final Child file;
    private final TableCache blocks;
    private final TableMoved tableMoved;
    private final int blockBits;
    private long[] table;
    private long tableOffset;
    private long tableClusters;
    private long freeClusterIndex;
    private long freeByteOffset;
    /** Clusters at and above this index are free: past everything ever counted. */
    private long highWater;
    /** End (cluster index) of a range being counted right now, which new structures must avoid. */
    private long reserveEnd;
    private TableCache decreaseDependency;
    private LongConsumer freed = c -> { };
    private java.util.function.Predicate<FreeReason> passes = why -> why == FreeReason.ALWAYS;
    private FreeReason freeing;
    private final java.util.List<Long> toDiscard = new java.util.ArrayList<>();

    Refcounts(Geometry g, Child file, TableCache blocks, long[] table, long tableOffset, long tableClusters,
              TableMoved tableMoved) {
        this.g = g;
        this.file = file;
        this.blocks = blocks;
        this.table = table;
        this.tableOffset = tableOffset;
        this.tableClusters = tableClusters;
        this.tableMoved = tableMoved;
        this.blockBits = g.clusterBits() + 3 - g.refcountOrder();
        this.highWater = g.clustersFor(file.length());
    }

    static long[] readTable(Child file, long offset, long clusters, Geometry g) throws IoFailure {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(clusters * g.clusterSize()));
        IoFailure.check(file.read(offset, b.duplicate()));
        long[] t = new long[b.capacity() / 8];
        for (int i = 0; i < t.length; i++) t[i] = b.getLong(i * 8);
        return t;
    }

    /** Refcount decreases wait for this cache (the L2 tables that dropped the references). */
    void decreasesDependOn(TableCache l2) {
        this.decreaseDependency = l2;
    }

    /** Called with the host offset of every cluster whose refcount drops to zero. */
    void onFreed(LongConsumer callback) {
        this.freed = callback;
    }

    TableCache cache() { return blocks; }

    /** Adopts a refcount table written from scratch; allocation starts over from cluster 0. */
    void reset(long[] newTable, long offset, long clusters) {
        table = newTable;
        tableOffset = offset;
        tableClusters = clusters;
        freeClusterIndex = 0;
        freeByteOffset = 0;
        highWater = g.clustersFor(file.length());
    }

    long[] table() { return table; }

    long tableOffset() { return tableOffset; }

    long tableClusters() { return tableClusters; }

    long get(long cluster) throws IoFailure, Corruption {
        long t = cluster >>> blockBits;
        if (t >= table.length) return 0;
        long block = table[(int) t] & REFTABLE_OFFSET_MASK;
        if (block == 0) return 0;
        if (!g.clusterAligned(block)) {
            throw new Corruption("Refblock offset " + Corruption.hex(block) + " unaligned (reftable index: "
                    + Corruption.hex(t) + ")");
        }
        return RefcountBlock.get(blocks.get(block).data, g.refcountOrder(), cluster & ((1L << blockBits) - 1));
    }

    /** Allocates whole clusters for {@code bytes}, contiguous, and returns the host offset. */
    long allocate(long bytes) throws IoFailure, Corruption {
        file.debugEvent("cluster_alloc");
        long n = g.clustersFor(bytes);
        long start = findFreeRun(n);
        change(start << g.clusterBits(), n << g.clusterBits(), 1);
        return start << g.clusterBits();
    }

    /**
     * Allocates {@code size} bytes for compressed data, packing them after the previous
     * allocation while it fits (QEMU's qcow2_alloc_bytes). Each cluster touched gains a reference.
     */
    long allocateBytes(int size) throws IoFailure, Corruption {
        long offset = freeByteOffset;
        if (offset != 0 && get(offset >>> g.clusterBits()) == g.refcountMax()) offset = 0;
        long freeInCluster = g.clusterSize() - g.offsetInCluster(offset);
        if (offset == 0 || freeInCluster < size) {
            long cluster = findFreeRun(1) << g.clusterBits();
            if (offset == 0 || g.startOfCluster(offset + g.clusterMask()) != cluster) offset = cluster;
        }
        change(offset, size, 1);
        freeByteOffset = offset + size;
        if (g.offsetInCluster(freeByteOffset) == 0) freeByteOffset = 0;
        return offset;
    }

    /**
     * Drops a reference to every cluster the host range touches. Clusters left unused are
     * discarded in the file when the options pass {@code why} down.
     */
    void free(long offset, long length, FreeReason why) throws IoFailure, Corruption {
        FreeReason saved = freeing;
        freeing = why;
        try {
            change(offset, length, -1);
        } finally {
            freeing = saved;
        }
        if (saved == null && !toDiscard.isEmpty()) discardFreed();
    }

    /** Which frees pass discards down to the file (pass-discard-* and discard=unmap). */
    void passDiscards(java.util.function.Predicate<FreeReason> passes) {
        this.passes = passes;
    }

    private void discardFreed() {
        for (long host : toDiscard) file.discard(host, g.clusterSize());
        toDiscard.clear();
    }

    /** Adds {@code delta} to the refcount of every cluster touched by the host range. */
    void change(long offset, long length, long delta) throws IoFailure, Corruption {
        if (length <= 0) return;
        long first = offset >>> g.clusterBits();
        long last = (offset + length - 1) >>> g.clusterBits();
        if (delta < 0 && decreaseDependency != null) blocks.dependOn(decreaseDependency);
        long savedReserve = reserveEnd;
        reserveEnd = Math.max(reserveEnd, last + 1);
        try {
            for (long c = first; c <= last; c++) changeOne(c, delta);
        } finally {
            reserveEnd = savedReserve;
        }
        if (freeing == null && !toDiscard.isEmpty()) discardFreed();
    }

    private void changeOne(long cluster, long delta) throws IoFailure, Corruption {
        long block = delta > 0 ? blockFor(cluster >>> blockBits) : existingBlock(cluster >>> blockBits);
        TableCache.Table b = blocks.get(block);
        long index = cluster & ((1L << blockBits) - 1);
        long old = RefcountBlock.get(b.data, g.refcountOrder(), index);
        long updated = old + delta;
        if (delta > 0 && (Long.compareUnsigned(updated, g.refcountMax()) > 0
                || Long.compareUnsigned(updated, old) < 0)) {
            throw new IoFailure(Errno.ERANGE);
        }
        if (delta < 0 && Long.compareUnsigned(old, -delta) < 0) throw new IoFailure(Errno.EINVAL);
        RefcountBlock.set(b.data, g.refcountOrder(), index, updated);
        blocks.markDirty(b);
        if (delta > 0) highWater = Math.max(highWater, cluster + 1);
        if (updated == 0) {
            if (cluster < freeClusterIndex) freeClusterIndex = cluster;
            long host = cluster << g.clusterBits();
            blocks.discard(host, g.clusterSize());
            freed.accept(host);
            if (delta < 0 && passes.test(freeing == null ? FreeReason.ALWAYS : freeing)) toDiscard.add(host);
        }
    }

    private long existingBlock(long t) throws IoFailure, Corruption {
        long block = t < table.length ? table[(int) t] & REFTABLE_OFFSET_MASK : 0;
        if (block == 0) throw new IoFailure(Errno.EINVAL); // a zero refcount cannot drop further
        if (!g.clusterAligned(block)) {
            throw new Corruption("Refblock offset " + Corruption.hex(block) + " unaligned (reftable index: "
                    + Corruption.hex(t) + ")");
        }
        return block;
    }

    /** The refcount block for table index {@code t}, created (and the table grown) if missing. */
    private long blockFor(long t) throws IoFailure, Corruption {
        if (t < table.length && (table[(int) t] & REFTABLE_OFFSET_MASK) != 0) return existingBlock(t);
        if (t >= table.length) {
            growTable(t);
            return existingBlock(t);
        }
        return newBlock(t);
    }

    /**
     * A new refcount block for table index {@code t}, in the next free cluster (reserved by
     * moving the hint, as QEMU does). If that cluster is one the block itself counts, the
     * block describes itself; otherwise the cluster is counted where it belongs, which may
     * create that block first.
     */
    private long newBlock(long t) throws IoFailure, Corruption {
        file.debugEvent("refblock_alloc");
        long c = findFreeRun(1);
        long host = c << g.clusterBits();
        if (c >>> blockBits == t) {
            TableCache.Table b = blocks.getEmpty(host);
            RefcountBlock.set(b.data, g.refcountOrder(), c & ((1L << blockBits) - 1), 1);
            blocks.markDirty(b);
            highWater = Math.max(highWater, c + 1);
        } else {
            change(host, g.clusterSize(), 1);
            blocks.markDirty(blocks.getEmpty(host));
        }
        link(t, host);
        return host;
    }

    /** Puts a new block into the table once it and its own refcount are on disk. */
    private void link(long t, long host) throws IoFailure {
        blocks.flush();
        ByteBuffer entry = ByteBuffer.allocate(8).putLong(0, host);
        IoFailure.check(file.write(tableOffset + t * 8, entry));
        IoFailure.check(file.flush());
        table[(int) t] = host;
    }

    /**
     * Moves the refcount table to a larger one, together with the refcount blocks needed for
     * index {@code t} and for the new structures themselves, all in one area past every
     * cluster in use: new blocks first, then the table. Everything is written and flushed
     * before the header points to it; the old table is freed last.
     */
    private void growTable(long t) throws IoFailure, Corruption {
        long start = Math.max(highWater, reserveEnd);
        long oldEntries = table.length;
        long perCluster = g.clusterSize() / 8;
        TreeSet<Long> missing = new TreeSet<>();
        long clusters = 0;
        while (true) {
            long areaEnd = start + missing.size() + clusters;
            TreeSet<Long> needed = new TreeSet<>();
            needed.add(t);
            for (long b = start >>> blockBits; b <= (Math.max(areaEnd, start + 1) - 1) >>> blockBits; b++) {
                if (b >= oldEntries || (table[(int) b] & REFTABLE_OFFSET_MASK) == 0) needed.add(b);
            }
            // Grow by half at least, as QEMU does, so that growth stays rare.
            long entriesNeeded = Math.max(needed.last() + 1, oldEntries + (oldEntries + 1) / 2);
            long c = (entriesNeeded + perCluster - 1) / perCluster;
            if (c * g.clusterSize() > Geometry.MAX_REFTABLE_BYTES) throw new IoFailure(Errno.EFBIG);
            if (needed.equals(missing) && c == clusters) break;
            missing = needed;
            clusters = c;
        }
        long entries = clusters * perCluster;
        long[] grown = Arrays.copyOf(table, Math.toIntExact(entries));
        long areaEnd = start + missing.size() + clusters;
        if ((areaEnd << g.clusterBits()) >= MAX_HOST_OFFSET) throw new IoFailure(Errno.EFBIG);
        java.util.Map<Long, ByteBuffer> newBlocks = new java.util.TreeMap<>();
        long next = start;
        for (long b : missing) {
            grown[(int) b] = next << g.clusterBits();
            newBlocks.put(b, ByteBuffer.allocate(g.clusterSize()));
            next++;
        }
        long newTableOffset = next << g.clusterBits();
        for (long c = start; c < areaEnd; c++) {
            ByteBuffer fresh = newBlocks.get(c >>> blockBits);
            if (fresh != null) RefcountBlock.set(fresh, g.refcountOrder(), c & ((1L << blockBits) - 1), 1);
            else change(c << g.clusterBits(), g.clusterSize(), 1);
        }
        for (var e : newBlocks.entrySet()) {
            IoFailure.check(file.write(grown[(int) (long) e.getKey()], e.getValue().clear()));
        }
        blocks.flush();
        ByteBuffer tb = ByteBuffer.allocate(Math.toIntExact(entries * 8));
        for (int i = 0; i < grown.length; i++) tb.putLong(i * 8, grown[i]);
        IoFailure.check(file.write(newTableOffset, tb));
        IoFailure.check(file.flush());
        tableMoved.moved(newTableOffset, clusters);
        long oldOffset = tableOffset;
        long oldClusters = tableClusters;
        table = grown;
        tableOffset = newTableOffset;
        tableClusters = clusters;
        highWater = Math.max(highWater, areaEnd);
        if (oldOffset != 0) free(oldOffset, oldClusters * g.clusterSize(), FreeReason.OTHER);
    }

    /** First cluster at or after {@code from} whose refcount is zero. */
    long firstFree(long from) throws IoFailure, Corruption {
        long c = from;
        while (get(c) != 0) c++;
        return c;
    }

    /** QEMU's alloc_clusters_noref: the first run of {@code n} free clusters from the hint, moving it. */
    private long findFreeRun(long n) throws IoFailure, Corruption {
        while (true) {
            long start = freeClusterIndex;
            boolean found = true;
            for (long i = 0; i < n; i++) {
                if (get(freeClusterIndex++) != 0) {
                    found = false;
                    break;
                }
            }
            if (found) {
                if (((start + n) << g.clusterBits()) > MAX_HOST_OFFSET) throw new IoFailure(Errno.EFBIG);
                return start;
            }
        }
    }

    /** Table index of the refcount block that counts {@code cluster}. */
    long blockIndexOf(long cluster) { return cluster >>> blockBits; }
}
