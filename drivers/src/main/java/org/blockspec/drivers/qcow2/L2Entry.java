package org.blockspec.drivers.qcow2;

/**
 * One guest cluster's mapping as an L2 entry describes it. Decoding is total: any 64-bit
 * value becomes one of these, and what is wrong with it (unaligned offsets, reserved bits)
 * is left for the reader and for the check to judge.
 */
sealed interface L2Entry {
    /** Read from the backing file, or zeroes without one. */
    record Unallocated() implements L2Entry {
    }

    /** Reads as zeroes; {@code hostOffset} is 0 or a preallocated cluster kept for reuse. */
    record Zero(long hostOffset, boolean copied) implements L2Entry {
        boolean allocated() { return hostOffset != 0; }
    }

    /** Guest data in the host cluster at {@code hostOffset}; {@code copied}: refcount is exactly 1. */
    record Normal(long hostOffset, boolean copied) implements L2Entry {
    }

    /**
     * Deflated data starting at a host byte offset, in {@code sectors} 512-byte sectors counted
     * from the one holding that offset.
     */
    record Compressed(long hostOffset, int sectors) implements L2Entry {
        /** Bytes the compressed data may occupy, from its offset to the end of its last sector. */
        int length() { return sectors * 512 - (int) (hostOffset & 511); }

        /** Sectors needed for {@code length} bytes written at {@code hostOffset}. */
        static int sectorsFor(long hostOffset, int length) {
            return (int) (((hostOffset + length - 1) >>> 9) - (hostOffset >>> 9) + 1);
        }
    }

    L2Entry UNALLOCATED = new Unallocated();

    static L2Entry decode(long raw, Geometry g, int version) {
        if ((raw & Geometry.COMPRESSED) != 0) {
            long offset = raw & g.compressedOffsetMask();
            int sectors = (int) (((raw >>> g.compressedSizeShift()) & g.compressedSectorsMask()) + 1);
            return new Compressed(offset, sectors);
        }
        long offset = raw & Geometry.OFFSET_MASK;
        boolean copied = (raw & Geometry.COPIED) != 0;
        if (version >= 3 && (raw & Geometry.ZERO) != 0) return new Zero(offset, copied);
        if (offset == 0) return UNALLOCATED;
        return new Normal(offset, copied);
    }

    static long normal(long hostOffset) {
        return hostOffset | Geometry.COPIED;
    }

    static long compressed(long hostOffset, int sectors, Geometry g) {
        return Geometry.COMPRESSED | ((long) (sectors - 1) << g.compressedSizeShift()) | hostOffset;
    }
}
