package org.blockspec.engine.spi;

/**
 * What a driver instance can do, declared once at open. The engine's I/O path aligns,
 * splits and falls back before calling the driver, so drivers assert rather than re-check.
 * Stable SPI.
 *
 * @param requestAlignment smallest unit the driver accepts for offsets and lengths (power of two)
 * @param maxTransfer      largest single request in bytes, 0 for unlimited
 * @param zeroWrite        the driver has a native write-zeroes; otherwise the engine writes a zero buffer
 * @param discard          the driver can discard; otherwise discard succeeds as a no-op (QEMU's rule)
 * @param fua              the driver honours FUA itself; otherwise the engine flushes after the write
 * @param resize           the driver supports truncate
 */
public record Capabilities(int requestAlignment, long maxTransfer, boolean zeroWrite, boolean discard,
                           boolean fua, boolean resize) {
    public static final Capabilities PASSTHROUGH = new Capabilities(1, 0, true, true, true, true);

    public Capabilities {
        if (requestAlignment < 1 || Integer.bitCount(requestAlignment) != 1) {
            throw new IllegalArgumentException("request alignment must be a power of two: " + requestAlignment);
        }
    }
}
