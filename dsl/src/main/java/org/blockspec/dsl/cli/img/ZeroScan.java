package org.blockspec.dsl.cli.img;

/**
 * How qemu-img convert decides which parts of data it read need writing when the target
 * already reads as zeroes (is_allocated_sectors_min): runs of zero sectors at least
 * {@code min} sectors long are skipped, run ends aligned to {@code alignment} sectors.
 */
final class ZeroScan {
    static final int SECTOR = 512;

    /** A run from the start of the buffer: its length in sectors and whether it must be written. */
    record Run(int sectors, boolean allocated) {
    }

    private ZeroScan() {
    }

    /** QEMU's is_allocated_sectors_min over {@code n} sectors of {@code buf} from sector {@code at}. */
    static Run firstRun(byte[] buf, int from, int n, int min, long sectorNum, int alignment) {
        if (n < min) min = n;
        Run r = run(buf, from, n, sectorNum, alignment);
        if (!r.allocated()) return r;
        int used = r.sectors();
        int checked = used;
        int pos = from + used * SECTOR;
        int left = n - used;
        long sector = sectorNum + used;
        while (left > 0) {
            Run next = run(buf, pos, left, sector, alignment);
            pos += next.sectors() * SECTOR;
            left -= next.sectors();
            sector += next.sectors();
            checked += next.sectors();
            if (next.allocated()) {
                used = checked;
            } else if (next.sectors() >= min) {
                break;
            }
        }
        return new Run(used, true);
    }

    /** QEMU's is_allocated_sectors: a run of sectors that are all zero or all not. */
    private static Run run(byte[] buf, int from, int n, long sectorNum, int alignment) {
        boolean zero = zeroSector(buf, from);
        int i = 1;
        while (i < n && zeroSector(buf, from + i * SECTOR) == zero) i++;
        if (i == n) return new Run(i, !zero);
        int tail = (int) ((sectorNum + i) & (alignment - 1));
        if (tail > 0) {
            if (zero && i <= tail) zero = false; // a short zero run at a misaligned end counts as data
            if (!zero) {
                i = Math.min(n, i + alignment - tail);
            } else {
                i -= tail;
            }
        }
        return new Run(i, !zero);
    }

    static boolean zeroSector(byte[] buf, int from) {
        int end = Math.min(buf.length, from + SECTOR);
        for (int i = from; i < end; i++) if (buf[i] != 0) return false;
        return true;
    }

    static boolean allZero(byte[] buf, int from, int length) {
        for (int i = from; i < from + length; i++) if (buf[i] != 0) return false;
        return true;
    }
}
