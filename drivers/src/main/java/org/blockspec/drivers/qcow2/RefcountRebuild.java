package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replaces an untrustworthy refcount structure with one built from the references a check
 * counted (QEMU's rebuild_refcount_structure): new refcount blocks and a new table go to
 * clusters nobody references, are written and flushed, and then the header is switched
 * over. The old structures become leaks for the check to repair.
 */
final class RefcountRebuild {
    private final Qcow2Image img;
    private final Geometry g;
    private final int blockBits;
    private long[] counts;
    private long firstFree;

    RefcountRebuild(Qcow2Image img, long[] counts) {
        this.img = img;
        this.g = img.g;
        this.blockBits = g.clusterBits() + 3 - g.refcountOrder();
        this.counts = counts.clone();
    }

    void rebuild() throws IoFailure {
        TreeMap<Long, Long> blocks = new TreeMap<>();
        long tableOffset = -1;
        long tableClusters = 0;
        while (true) {
            boolean placed = true;
            while (placed) {
                placed = false;
                for (long b = 0; b <= (counts.length - 1L) >>> blockBits; b++) {
                    if (!blocks.containsKey(b) && used(b)) {
                        blocks.put(b, allocate(1));
                        placed = true;
                    }
                }
            }
            long needed = g.clustersFor((blocks.lastKey() + 1) * 8);
            if (tableOffset >= 0 && needed <= tableClusters) break;
            if (tableOffset >= 0) release(tableOffset, tableClusters);
            tableClusters = needed;
            tableOffset = allocate(tableClusters);
        }
        long perBlock = 1L << blockBits;
        for (Map.Entry<Long, Long> e : blocks.entrySet()) {
            ByteBuffer block = ByteBuffer.allocate(g.clusterSize());
            long first = e.getKey() * perBlock;
            for (long i = 0; i < perBlock && first + i < counts.length; i++) {
                RefcountBlock.set(block, g.refcountOrder(), i, counts[(int) (first + i)]);
            }
            IoFailure.check(img.file.write(e.getValue() << g.clusterBits(), block));
        }
        long[] table = new long[(int) (tableClusters * g.clusterSize() / 8)];
        ByteBuffer t = ByteBuffer.allocate(table.length * 8);
        for (Map.Entry<Long, Long> e : blocks.entrySet()) {
            table[(int) (long) e.getKey()] = e.getValue() << g.clusterBits();
            t.putLong((int) (e.getKey() * 8), table[(int) (long) e.getKey()]);
        }
        IoFailure.check(img.file.write(tableOffset << g.clusterBits(), t));
        IoFailure.check(img.file.flush());
        img.refcountTableRebuilt(table, tableOffset << g.clusterBits(), tableClusters);
    }

    private boolean used(long block) {
        long first = block << blockBits;
        long end = Math.min(counts.length, first + (1L << blockBits));
        for (long i = first; i < end; i++) if (counts[(int) i] != 0) return true;
        return false;
    }

    /** The first run of {@code n} clusters nothing references, now referenced once. */
    private long allocate(long n) {
        long start = firstFree;
        while (true) {
            long run = 0;
            while (run < n && at(start + run) == 0) run++;
            if (run == n) break;
            start += run + 1;
        }
        if (start + n > counts.length) counts = Arrays.copyOf(counts, (int) (start + n));
        for (long i = 0; i < n; i++) counts[(int) (start + i)] = 1;
        if (start == firstFree) firstFree = start + n;
        return start;
    }

    private void release(long start, long n) {
        for (long i = 0; i < n; i++) counts[(int) (start + i)] = 0;
        firstFree = Math.min(firstFree, start);
    }

    private long at(long i) {
        return i < counts.length ? counts[(int) i] : 0;
    }
}
