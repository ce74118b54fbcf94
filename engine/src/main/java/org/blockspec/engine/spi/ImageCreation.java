package org.blockspec.engine.spi;

/**
 * One image being created (qemu-img create): a protocol driver creates the host object named
 * by {@link #filename()}; a format driver asks for that object through {@link #createFile}
 * and writes its empty image on it. Each driver sees only the -o options it declared; the
 * rest go to the protocol. Stable SPI.
 */
public interface ImageCreation {
    String filename();

    /** Virtual size in bytes. */
    long size();

    /** The -o options given, validated against the driver's {@link BlockDriverFactory#createOptions()}. */
    OptionValues options();

    /**
     * For format drivers: creates the protocol object of {@code size} bytes (with the protocol's
     * own -o options) and returns a writable, resizable edge to it, valid until creation ends.
     */
    Child createFile(long size) throws BlockException;
}
