package org.blockspec.engine.spi;

/**
 * What a driver is in the talk's vocabulary. Format and filter drivers that have a
 * {@code file} option get that child opened before their own node is named, as QEMU does,
 * which decides the order of auto-names and of query results. Stable SPI.
 */
public enum DriverKind {
    /** Reaches host storage: file, nbd, null-co. */
    PROTOCOL,
    /** Interprets an image format: raw, qcow2. */
    FORMAT,
    /** Manipulates data on the way and has no metadata: throttle, quorum, copy-on-read. */
    FILTER
}
