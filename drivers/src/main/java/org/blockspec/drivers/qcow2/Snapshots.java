package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.CheckReport;
import org.blockspec.engine.spi.Child;

/**
 * The internal snapshot table (QEMU's qcow2_do_read_snapshots and qcow2_write_snapshots):
 * each entry's L1 table, so that checks, repairs and writes treat the clusters snapshots
 * keep alive as in use, and everything else an entry holds, so that a check can write the
 * table back. Creating, applying and deleting snapshots is not implemented.
 */
final class Snapshots {
    static final int ENTRY_HEADER_BYTES = 40;
    /** The extra data QEMU knows: vm_state_size_large, disk_size, icount. */
    static final int KNOWN_EXTRA_BYTES = 24;
    /** What a version 3 entry must have at least: vm_state_size_large and disk_size. */
    static final int REQUIRED_EXTRA_BYTES = 16;
    static final int MAX_SNAPSHOTS = 65536;
    static final int MAX_EXTRA_DATA = 1024;
    private static final long MAX_TABLE_BYTES = 64L << 20;

    /**
     * One entry as read. {@code extraDataSize} is what the entry declares (cut to the maximum
     * by a repair); {@code unknownExtra} the extra data past the known fields, kept as bytes.
     */
    record Snapshot(byte[] idBytes, byte[] nameBytes, long l1Offset, long l1Size, long vmStateSize, long dateSec,
                    long dateNsec, long vmClockNsec, long extraDataSize, long diskSize, long icount,
                    byte[] unknownExtra) {
        String id() { return new String(idBytes, StandardCharsets.UTF_8); }

        String name() { return new String(nameBytes, StandardCharsets.UTF_8); }

        /** What is wrong with the L1 table's place, in qemu-img check's words, or null. */
        String problem(Geometry g) {
            if (!g.clusterAligned(l1Offset)) {
                return "ERROR snapshot " + id() + " (" + name() + ") l1_offset=" + Corruption.hex(l1Offset)
                        + ": L1 table is not cluster aligned; snapshot table entry corrupted";
            }
            if (l1Size > Geometry.MAX_L1_BYTES / 8) {
                return "ERROR snapshot " + id() + " (" + name() + ") l1_size=" + Corruption.hex(l1Size)
                        + ": L1 table is too large; snapshot table entry corrupted";
            }
            return null;
        }

        /** Bytes the entry takes when written (QEMU writes at least the known extra data). */
        long encodedBytes() {
            return ENTRY_HEADER_BYTES + Math.max(KNOWN_EXTRA_BYTES, extraDataSize) + idBytes.length + nameBytes.length;
        }
    }

    /** The table as read, and the bytes it spans from the header's snapshots offset. */
    record Table(List<Snapshot> snapshots, long bytes) {
    }

    /**
     * A table read by a repairing check: entries dropped off the end because the table was
     * too big, and entries whose extra data was cut to the maximum.
     */
    record Repaired(Table table, int dropped, int extraCut) {
    }

    static final Table NONE = new Table(List.of(), 0);

    private Snapshots() {
    }

    /** An ordinary open's read: anything out of bounds refuses the image. */
    static Table read(Child file, Qcow2Header h) throws BlockException {
        return read(file, h.snapshotsOffset(), h.nbSnapshots(), h.size(), false, line -> { }).table();
    }

    /**
     * Reads {@code count} entries from {@code start}. With {@code repair}, too much extra data
     * is cut and a table too big loses its last entries, each said on {@code report} in QEMU's words.
     */
    static Repaired read(Child file, long start, long count, long imageSize, boolean repair, CheckReport report)
            throws BlockException {
        if (count == 0) return new Repaired(NONE, 0, 0);
        List<Snapshot> out = new ArrayList<>();
        long offset = start;
        long tableLength = 0;
        int dropped = 0;
        int extraCut = 0;
        for (int i = 0; i < count; i++) {
            long entryStart = offset;
            tableLength = (tableLength + 7) & ~7L;
            offset = (offset + 7) & ~7L;
            ByteBuffer e = read(file, offset, ENTRY_HEADER_BYTES);
            offset += ENTRY_HEADER_BYTES;
            long l1Offset = e.getLong(0);
            long l1Size = Integer.toUnsignedLong(e.getInt(8));
            int idLength = Short.toUnsignedInt(e.getShort(12));
            int nameLength = Short.toUnsignedInt(e.getShort(14));
            long dateSec = Integer.toUnsignedLong(e.getInt(16));
            long dateNsec = Integer.toUnsignedLong(e.getInt(20));
            long vmClock = e.getLong(24);
            long vmState = Integer.toUnsignedLong(e.getInt(32));
            long extra = Integer.toUnsignedLong(e.getInt(36));
            boolean cutExtra = false;
            if (extra > MAX_EXTRA_DATA) {
                if (!repair) throw new BlockException("Too much extra metadata in snapshot table entry " + i);
                report.line("Discarding too much extra metadata in snapshot table entry " + i + " (" + extra + " > "
                        + MAX_EXTRA_DATA + ")");
                extraCut++;
                cutExtra = true;
            }
            int known = (int) Math.min(KNOWN_EXTRA_BYTES, extra);
            ByteBuffer k = ByteBuffer.allocate(KNOWN_EXTRA_BYTES);
            k.put(0, read(file, offset, known).array());
            offset += known;
            if (extra >= 8) vmState = k.getLong(0);
            long diskSize = extra >= 16 ? k.getLong(8) : imageSize;
            long icount = extra >= 24 ? k.getLong(16) : -1;
            byte[] unknown = new byte[0];
            if (extra > KNOWN_EXTRA_BYTES) {
                long extraEnd = offset + extra - KNOWN_EXTRA_BYTES;
                if (cutExtra) extra = MAX_EXTRA_DATA;
                unknown = read(file, offset, (int) (extra - KNOWN_EXTRA_BYTES)).array();
                offset = extraEnd;
            }
            byte[] id = read(file, offset, idLength).array();
            offset += idLength;
            byte[] name = read(file, offset, nameLength).array();
            offset += nameLength;
            tableLength += ENTRY_HEADER_BYTES + extra + idLength + nameLength;
            if (tableLength > MAX_TABLE_BYTES || offset - start > Integer.MAX_VALUE) {
                if (!repair) throw new BlockException("Snapshot table is too big");
                report.line("Discarding " + (count - i) + " overhanging snapshots (snapshot table is too big)");
                dropped += (int) (count - i);
                offset = entryStart;
                break;
            }
            out.add(new Snapshot(id, name, l1Offset, l1Size, vmState, dateSec, dateNsec, vmClock, extra, diskSize,
                    icount, unknown));
        }
        return new Repaired(new Table(List.copyOf(out), offset - start), dropped, extraCut);
    }

    /** Bytes {@link #encode} writes for {@code snapshots}. */
    static long encodedBytes(List<Snapshot> snapshots) {
        long size = 0;
        for (Snapshot s : snapshots) size = ((size + 7) & ~7L) + s.encodedBytes();
        return size;
    }

    /** The table as QEMU's qcow2_write_snapshots lays it out: entries 8-byte aligned, known extra data always. */
    static ByteBuffer encode(List<Snapshot> snapshots) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(encodedBytes(snapshots)));
        int offset = 0;
        for (Snapshot s : snapshots) {
            offset = (offset + 7) & ~7;
            b.putLong(offset, s.l1Offset()).putInt(offset + 8, (int) s.l1Size())
                    .putShort(offset + 12, (short) s.idBytes().length).putShort(offset + 14, (short) s.nameBytes().length)
                    .putInt(offset + 16, (int) s.dateSec()).putInt(offset + 20, (int) s.dateNsec())
                    .putLong(offset + 24, s.vmClockNsec())
                    .putInt(offset + 32, s.vmStateSize() <= 0xffff_ffffL ? (int) s.vmStateSize() : 0)
                    .putInt(offset + 36, (int) Math.max(KNOWN_EXTRA_BYTES, s.extraDataSize()));
            offset += ENTRY_HEADER_BYTES;
            b.putLong(offset, s.vmStateSize()).putLong(offset + 8, s.diskSize()).putLong(offset + 16, s.icount());
            offset += KNOWN_EXTRA_BYTES;
            b.put(offset, s.unknownExtra());
            offset += s.unknownExtra().length;
            b.put(offset, s.idBytes());
            offset += s.idBytes().length;
            b.put(offset, s.nameBytes());
            offset += s.nameBytes().length;
        }
        return b;
    }

    private static ByteBuffer read(Child file, long offset, int length) throws BlockException {
        ByteBuffer b = ByteBuffer.allocate(length);
        var r = file.read(offset, b.duplicate());
        if (!r.ok()) throw new BlockException("Failed to read snapshot table: " + r.error().text());
        return b;
    }
}
