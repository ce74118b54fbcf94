package org.blockspec.engine.io;

import java.util.BitSet;

/**
 * Which parts of a node were written since a point in time (QEMU's BdrvDirtyBitmap), at a
 * granularity of a power of two bytes. Every write, write-zeroes and discard that reaches
 * the node marks it while the bitmap records; its users (a mirror job) clear what they
 * copied. Counts are in bytes, whole chunks each, as QEMU counts them.
 */
public final class DirtyBitmap {
    private final long granularity;
    private final int shift;
    private final BitSet bits = new BitSet();
    private long length;
    private boolean recording = true;

    /** @param granularity bytes per bit, a power of two */
    public DirtyBitmap(long granularity, long length) {
        if (Long.bitCount(granularity) != 1) throw new IllegalArgumentException("granularity " + granularity);
        this.granularity = granularity;
        this.shift = Long.numberOfTrailingZeros(granularity);
        this.length = length;
    }

    public long granularity() { return granularity; }

    /** Whether writes mark it (a disabled bitmap keeps its bits but learns nothing new). */
    public boolean recording() { return recording; }

    public void setRecording(boolean r) { this.recording = r; }

    /** Marks the chunks {@code [offset, offset + bytes)} touches. */
    public void set(long offset, long bytes) {
        if (bytes <= 0) return;
        long end = Math.min(offset + bytes, length);
        if (end <= offset) return;
        bits.set(Math.toIntExact(offset >> shift), Math.toIntExact(((end - 1) >> shift) + 1));
    }

    /** Clears the chunks of an aligned range (or one that ends at the end of the node). */
    public void reset(long offset, long bytes) {
        if (bytes <= 0) return;
        long end = Math.min(offset + bytes, length);
        bits.clear(Math.toIntExact(offset >> shift), Math.toIntExact(((end - 1) >> shift) + 1));
    }

    /** What a write does to the bitmap: marked only while recording. */
    void written(long offset, long bytes) {
        if (recording) set(offset, bytes);
    }

    public boolean get(long offset) {
        return offset < length && bits.get(Math.toIntExact(offset >> shift));
    }

    /** Dirty bytes, in whole chunks (QEMU's bdrv_get_dirty_count). */
    public long count() {
        return (long) bits.cardinality() << shift;
    }

    /** The first dirty offset at or after {@code from} (chunk-aligned), or -1. */
    public long nextDirty(long from) {
        if (from >= length) return -1;
        int i = bits.nextSetBit(Math.toIntExact(from >> shift));
        return i < 0 ? -1 : (long) i << shift;
    }

    /** The node's length changed (bdrv_dirty_bitmap_truncate): bits past the end go. */
    public void truncate(long newLength) {
        if (newLength < length) bits.clear(Math.toIntExact((newLength + granularity - 1) >> shift), bits.length());
        length = newLength;
    }

    public long length() { return length; }
}
