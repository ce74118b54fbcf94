package org.blockspec.engine.spi;

/**
 * Allocation status of the range starting at the queried offset, for {@code length} bytes
 * (the driver may answer for less than was asked, never for zero bytes). Stable SPI.
 *
 * @param length     bytes this answer covers
 * @param data       the range holds data at this layer (QEMU's BDRV_BLOCK_DATA)
 * @param zero       the range reads as zeroes (BDRV_BLOCK_ZERO)
 * @param allocated  the range is allocated at this layer rather than in a backing image
 * @param hostOffset where the range starts on the node that stores it (BDRV_BLOCK_OFFSET_VALID),
 *                   or -1 when no single place holds it (unallocated, compressed)
 * @param hostNode   name of the node at {@code hostOffset}; null for the queried node itself
 */
public record BlockStatus(long length, boolean data, boolean zero, boolean allocated, long hostOffset,
                          String hostNode) {
    public BlockStatus {
        if (length <= 0) throw new IllegalArgumentException("block status must cover at least one byte");
    }

    public BlockStatus(long length, boolean data, boolean zero, boolean allocated) {
        this(length, data, zero, allocated, -1, null);
    }

    public static BlockStatus data(long length) { return new BlockStatus(length, true, false, true); }

    public static BlockStatus hole(long length) { return new BlockStatus(length, false, true, true); }

    /** Neither data nor zeroes here: the range comes from the backing image, if any. */
    public static BlockStatus unallocated(long length) { return new BlockStatus(length, false, false, false); }

    /** The same answer, with the place that stores it. */
    public BlockStatus at(long offset, String node) {
        return new BlockStatus(length, data, zero, allocated, offset, node);
    }

    public BlockStatus withLength(long newLength) {
        return new BlockStatus(newLength, data, zero, allocated, hostOffset, hostNode);
    }

    public boolean offsetValid() { return hostOffset >= 0; }
}
