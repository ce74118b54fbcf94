package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.spi.Child;

/**
 * A bounded write-back cache of fixed-size metadata tables (L2 table slices, refcount
 * blocks), least recently used first out, as QEMU's Qcow2Cache. Dirty tables reach the file
 * on flush or eviction; a cache may depend on another, whose dirty tables are then written
 * and flushed first. That dependency is how metadata is ordered for crash safety.
 *
 * <p>Callers never hold a {@link Table} across another call on the same cache: a later
 * lookup may evict it.
 */
final class TableCache {
    /** One cached table: its host offset and contents, big-endian. */
    static final class Table {
        final long offset;
        final ByteBuffer data;
        boolean dirty;

        Table(long offset, int bytes) {
            this.offset = offset;
            this.data = ByteBuffer.allocate(bytes);
        }

        long getLong(int index) { return data.getLong(index * 8); }

        void putLong(int index, long value) { data.putLong(index * 8, value); }
    }

    private final Child file;
    private final int entryBytes;
    private final int capacity;
    private final LinkedHashMap<Long, Table> tables = new LinkedHashMap<>(16, 0.75f, true);
    private TableCache dependency;

    TableCache(Child file, int entryBytes, int capacity) {
        this.file = file;
        this.entryBytes = entryBytes;
        this.capacity = Math.max(2, capacity);
    }

    int entryBytes() { return entryBytes; }

    int capacity() { return capacity; }

    /** The table at {@code offset}, read from the file if it is not cached. */
    Table get(long offset) throws IoFailure {
        Table t = tables.get(offset);
        if (t != null) return t;
        makeRoom();
        t = new Table(offset, entryBytes);
        IoFailure.check(file.read(offset, t.data.duplicate()));
        tables.put(offset, t);
        return t;
    }

    /** A zeroed table for a freshly allocated cluster, cached without reading. */
    Table getEmpty(long offset) throws IoFailure {
        Table old = tables.remove(offset);
        if (old != null && old.dirty) throw new IllegalStateException("new table over a dirty one at " + offset);
        makeRoom();
        Table t = new Table(offset, entryBytes);
        tables.put(offset, t);
        return t;
    }

    void markDirty(Table t) {
        t.dirty = true;
    }

    boolean contains(long offset) { return tables.containsKey(offset); }

    /** Whether a host range overlaps a cached table (for the overlap check). */
    boolean overlaps(long offset, long length) {
        for (long o : tables.keySet()) {
            if (o < offset + length && offset < o + entryBytes) return true;
        }
        return false;
    }

    /** Forgets the tables inside a freed host range without writing them. */
    void discard(long offset, long length) {
        tables.keySet().removeIf(o -> o >= offset && o < offset + length);
    }

    /** Forgets every table (the file was rewritten behind the cache's back). */
    void clear() {
        tables.clear();
    }

    /**
     * From now on {@code other}'s dirty tables go to disk (and are flushed) before any of
     * ours. Breaks would-be cycles by flushing, as QEMU's qcow2_cache_set_dependency does.
     */
    void dependOn(TableCache other) throws IoFailure {
        if (dependency == other) return;
        if (other.dependency != null) other.flush();
        if (dependency != null) flush();
        dependency = other;
    }

    boolean dirty() {
        for (Table t : tables.values()) if (t.dirty) return true;
        return false;
    }

    /** Writes every dirty table, after the dependency's, then flushes the file. */
    void flush() throws IoFailure {
        writeDirty();
        IoFailure.check(file.flush());
    }

    /** Writes every dirty table (dependency first) without flushing the file afterwards. */
    void writeDirty() throws IoFailure {
        if (!dirty()) {
            dependency = null;
            return;
        }
        flushDependency();
        List<Table> dirtyTables = new ArrayList<>();
        for (Table t : tables.values()) if (t.dirty) dirtyTables.add(t);
        dirtyTables.sort((a, b) -> Long.compare(a.offset, b.offset));
        for (Table t : dirtyTables) write(t);
    }

    private void flushDependency() throws IoFailure {
        if (dependency != null) {
            TableCache d = dependency;
            dependency = null;
            d.flush();
        }
    }

    private void write(Table t) throws IoFailure {
        IoFailure.check(file.write(t.offset, t.data.duplicate().clear()));
        t.dirty = false;
    }

    private void makeRoom() throws IoFailure {
        while (tables.size() >= capacity) {
            Iterator<Map.Entry<Long, Table>> it = tables.entrySet().iterator();
            Table victim = it.next().getValue();
            if (victim.dirty) {
                flushDependency();
                write(victim);
            }
            tables.remove(victim.offset);
        }
    }
}
