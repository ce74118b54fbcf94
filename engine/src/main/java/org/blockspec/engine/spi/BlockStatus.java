package org.blockspec.engine.spi;

/**
 * Allocation status of the range starting at the queried offset, for {@code length} bytes
 * (the driver may answer for less than was asked, never for zero bytes). Stable SPI.
 *
 * @param length    bytes this answer covers
 * @param data      the range holds data at this layer (QEMU's BDRV_BLOCK_DATA)
 * @param zero      the range reads as zeroes (BDRV_BLOCK_ZERO)
 * @param allocated the range is allocated at this layer rather than in a backing image
 */
public record BlockStatus(long length, boolean data, boolean zero, boolean allocated) {
    public BlockStatus {
        if (length <= 0) throw new IllegalArgumentException("block status must cover at least one byte");
    }

    public static BlockStatus data(long length) { return new BlockStatus(length, true, false, true); }

    public static BlockStatus hole(long length) { return new BlockStatus(length, false, true, true); }
}
