package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Child;

/**
 * The internal snapshot table, read only as far as the rest of the driver needs it: where
 * each snapshot's L1 table is, so that checks count the clusters snapshots keep alive.
 * Creating, applying and deleting snapshots is not implemented.
 */
final class Snapshots {
    static final int ENTRY_HEADER_BYTES = 40;
    static final int MAX_SNAPSHOTS = 65536;
    private static final int MAX_EXTRA_DATA = 1024;
    private static final long MAX_TABLE_BYTES = 64L << 20;

    /** One snapshot: its id and name, and its L1 table (not validated: the check judges it). */
    record Snapshot(String id, String name, long l1Offset, long l1Size) {
        /** What is wrong with the L1 table's place, in qemu-img check's words, or null. */
        String problem(Geometry g) {
            if (!g.clusterAligned(l1Offset)) {
                return "ERROR snapshot " + id + " (" + name + ") l1_offset=" + Corruption.hex(l1Offset)
                        + ": L1 table is not cluster aligned; snapshot table entry corrupted";
            }
            if (l1Size > Geometry.MAX_L1_BYTES / 8) {
                return "ERROR snapshot " + id + " (" + name + ") l1_size=" + Corruption.hex(l1Size)
                        + ": L1 table is too large; snapshot table entry corrupted";
            }
            return null;
        }
    }

    /** The table as read, and the bytes it spans from the header's snapshots offset. */
    record Table(List<Snapshot> snapshots, long bytes) {
    }

    static final Table NONE = new Table(List.of(), 0);

    private Snapshots() {
    }

    static Table read(Child file, Qcow2Header h) throws BlockException {
        if (h.nbSnapshots() == 0) return NONE;
        List<Snapshot> out = new ArrayList<>();
        long offset = h.snapshotsOffset();
        for (long i = 0; i < h.nbSnapshots(); i++) {
            ByteBuffer e = read(file, offset, ENTRY_HEADER_BYTES);
            long l1Offset = e.getLong(0);
            long l1Size = Integer.toUnsignedLong(e.getInt(8));
            int idLength = Short.toUnsignedInt(e.getShort(12));
            int nameLength = Short.toUnsignedInt(e.getShort(14));
            long extra = Integer.toUnsignedLong(e.getInt(36));
            if (extra > MAX_EXTRA_DATA) {
                throw new BlockException("Too much extra metadata in snapshot table entry " + i);
            }
            offset += ENTRY_HEADER_BYTES + extra;
            String id = new String(read(file, offset, idLength).array(), java.nio.charset.StandardCharsets.UTF_8);
            offset += idLength;
            String name = new String(read(file, offset, nameLength).array(), java.nio.charset.StandardCharsets.UTF_8);
            offset += nameLength;
            offset = (offset + 7) & ~7L;
            if (offset - h.snapshotsOffset() > MAX_TABLE_BYTES) throw new BlockException("Snapshot table is too big");
            out.add(new Snapshot(id, name, l1Offset, l1Size));
        }
        return new Table(List.copyOf(out), offset - h.snapshotsOffset());
    }

    private static ByteBuffer read(Child file, long offset, int length) throws BlockException {
        ByteBuffer b = ByteBuffer.allocate(length);
        var r = file.read(offset, b.duplicate());
        if (!r.ok()) throw new BlockException("Failed to read snapshot table: " + r.error().text());
        return b;
    }
}
