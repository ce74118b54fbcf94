package org.blockspec.drivers.qcow2;

/**
 * The arithmetic of one image's layout, fixed at open: cluster size, how many entries an L2
 * table and a refcount block hold, and where a guest or host offset falls in them.
 *
 * @param clusterBits   log2 of the cluster size (9 to 21)
 * @param refcountOrder log2 of the refcount width in bits (0 to 6)
 */
record Geometry(int clusterBits, int refcountOrder) {
    static final int MIN_CLUSTER_BITS = 9;
    static final int MAX_CLUSTER_BITS = 21;
    /** QEMU's limits: 32 MiB of L1 entries, 8 MiB of refcount table. */
    static final long MAX_L1_BYTES = 32L << 20;
    static final long MAX_REFTABLE_BYTES = 8L << 20;
    /** Bits 9-55 of table entries and standard L2 entries hold a host offset. */
    static final long OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
    static final long COPIED = 1L << 63;
    static final long COMPRESSED = 1L << 62;
    static final long ZERO = 1L;

    int clusterSize() { return 1 << clusterBits; }

    long clusterMask() { return clusterSize() - 1L; }

    int l2Entries() { return clusterSize() / 8; }

    int refcountBits() { return 1 << refcountOrder; }

    /** Largest refcount an entry can hold (2^bits - 1, as an unsigned value). */
    long refcountMax() { return refcountBits() == 64 ? -1L : (1L << refcountBits()) - 1; }

    /** Refcount entries per refcount block. */
    long refblockEntries() { return (long) clusterSize() * 8 / refcountBits(); }

    long offsetInCluster(long offset) { return offset & clusterMask(); }

    long startOfCluster(long offset) { return offset & ~clusterMask(); }

    boolean clusterAligned(long offset) { return offsetInCluster(offset) == 0; }

    long clusterIndex(long offset) { return offset >>> clusterBits; }

    int l1Index(long guestOffset) { return (int) (guestOffset >>> (clusterBits + clusterBits - 3)); }

    int l2Index(long guestOffset) { return (int) ((guestOffset >>> clusterBits) & (l2Entries() - 1)); }

    /** Bytes of guest data one L2 table maps. */
    long l2Coverage() { return (long) clusterSize() * l2Entries(); }

    long clustersFor(long bytes) { return (bytes + clusterMask()) >>> clusterBits; }

    /** L1 entries needed for {@code size} guest bytes (QEMU's size_to_l1). */
    long l1EntriesFor(long size) {
        int shift = clusterBits + clusterBits - 3;
        return (size + (1L << shift) - 1) >>> shift;
    }

    /** Compressed descriptor: bits below this hold the host byte offset. */
    int compressedSizeShift() { return 62 - (clusterBits - 8); }

    long compressedOffsetMask() { return (1L << compressedSizeShift()) - 1; }

    long compressedSectorsMask() { return (1L << (clusterBits - 8)) - 1; }
}
