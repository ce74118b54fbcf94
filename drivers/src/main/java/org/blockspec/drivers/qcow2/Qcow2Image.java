package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;

import org.blockspec.engine.spi.Child;

/**
 * One opened qcow2 image: its file, backing child, header, mapping and refcounts, and the
 * header updates the rest of the driver needs (dirty and corrupt bits, moved tables).
 * Header fields are rewritten in place and flushed, as QEMU does, so the header on disk
 * only ever points at structures already written.
 */
final class Qcow2Image {
    final Child file;
    final Geometry g;
    /** Changed by a reopen; the caches keep the size they were opened with. */
    Qcow2Options options;
    final Refcounts refcounts;
    final ClusterMap map;
    boolean writable;
    /** Read at open, except by an open for checking, whose check reads it itself. */
    Snapshots.Table snapshots;
    Child backing;
    private Qcow2Header header;

    Qcow2Image(Child file, Qcow2Header header, Qcow2Options options, boolean writable, Snapshots.Table snapshots,
               long[] l1, long[] reftable) {
        this.file = file;
        this.header = header;
        this.g = header.geometry();
        this.options = options;
        this.writable = writable;
        this.snapshots = snapshots;
        TableCache refblocks = new TableCache(file, g.clusterSize(), (int) options.refcountCacheEntries());
        TableCache l2 = new TableCache(file, options.l2EntryBytes(), (int) options.l2CacheEntries());
        this.refcounts = new Refcounts(g, file, refblocks, reftable, header.refcountTableOffset(),
                header.refcountTableClusters(), this::refcountTableMoved);
        this.map = new ClusterMap(g, file, l2, refcounts, header.version(), l1, header.l1TableOffset(),
                this::l1Moved);
        refcounts.decreasesDependOn(l2);
        refcounts.passDiscards(reason -> this.options.discardsPassed().contains(reason));
        refcounts.onFreed(host -> l2.discard(host, g.clusterSize()));
    }

    Qcow2Header header() { return header; }

    long size() { return header.size(); }

    int version() { return header.version(); }

    /** Rewrites the whole first cluster from the header record (QEMU's qcow2_update_header). */
    void writeHeader(Qcow2Header h) throws IoFailure, org.blockspec.engine.spi.BlockException {
        byte[] cluster = h.encode();
        IoFailure.check(file.write(0, ByteBuffer.wrap(cluster)));
        header = h;
    }

    /** Sets the dirty bit before refcounts may go stale (lazy refcounts), flushed at once. */
    void markDirty() throws IoFailure {
        if (header.dirty() || header.version() < 3) return;
        writeIncompatible(header.incompatible() | Qcow2Header.INCOMPAT_DIRTY);
        IoFailure.check(file.flush());
    }

    /** Writes every cached table and clears the dirty bit. */
    void markClean() throws IoFailure {
        if (!header.dirty()) return;
        flushCaches();
        writeIncompatible(header.incompatible() & ~Qcow2Header.INCOMPAT_DIRTY);
        IoFailure.check(file.flush());
    }

    void markCorrupt() throws IoFailure {
        writeIncompatible(header.incompatible() | Qcow2Header.INCOMPAT_CORRUPT);
        IoFailure.check(file.flush());
    }

    void markConsistent() throws IoFailure {
        if (!header.corrupt()) return;
        flushCaches();
        writeIncompatible(header.incompatible() & ~Qcow2Header.INCOMPAT_CORRUPT);
        IoFailure.check(file.flush());
    }

    private void writeIncompatible(long bits) throws IoFailure {
        IoFailure.check(file.write(Qcow2Header.INCOMPATIBLE_OFFSET, ByteBuffer.allocate(8).putLong(0, bits)));
        header = header.withIncompatible(bits);
    }

    /** Writes the dirty tables of both caches (L2 ordered after refcounts as they depend) and flushes. */
    void flushCaches() throws IoFailure {
        map.cache().writeDirty();
        refcounts.cache().writeDirty();
        IoFailure.check(file.flush());
    }

    /** A check rewrote the snapshot table's place or count in the header (already on disk). */
    void snapshotsMoved(long count, long offset) {
        header = header.withSnapshots(count, offset);
    }

    void writeSize(long size) throws IoFailure {
        IoFailure.check(file.write(Qcow2Header.SIZE_OFFSET, ByteBuffer.allocate(8).putLong(0, size)));
        IoFailure.check(file.flush());
        header = header.withSize(size);
    }

    /** The image was rebuilt from scratch on disk (emptied): adopt the new tables. */
    void tablesRebuilt(long[] l1, long l1Offset, long[] reftable, long reftableOffset, long reftableClusters) {
        map.reset(l1, l1Offset);
        refcounts.reset(reftable, reftableOffset, reftableClusters);
        header = header.withL1(l1Offset, l1.length).withRefcountTable(reftableOffset, reftableClusters);
    }

    /** A check rebuilt the refcount structure on disk: point the header at it and start over. */
    void refcountTableRebuilt(long[] table, long offset, long clusters) throws IoFailure {
        refcountTableMoved(offset, clusters);
        refcounts.cache().clear();
        refcounts.reset(table, offset, clusters);
    }

    private void refcountTableMoved(long offset, long clusters) throws IoFailure {
        ByteBuffer b = ByteBuffer.allocate(12).putLong(0, offset).putInt(8, (int) clusters);
        IoFailure.check(file.write(Qcow2Header.REFCOUNT_TABLE_OFFSET, b));
        IoFailure.check(file.flush());
        header = header.withRefcountTable(offset, clusters);
    }

    private void l1Moved(long offset, long entries) throws IoFailure {
        ByteBuffer b = ByteBuffer.allocate(12).putInt(0, (int) entries).putLong(4, offset);
        IoFailure.check(file.write(Qcow2Header.L1_SIZE_OFFSET, b));
        IoFailure.check(file.flush());
        header = header.withL1(offset, entries);
    }
}
