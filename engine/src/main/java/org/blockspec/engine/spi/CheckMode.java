package org.blockspec.engine.spi;

/** What an image check may repair (qemu-img check -r). Stable SPI. */
public enum CheckMode {
    /** Report only. */
    NONE,
    /** Repair leaked clusters. */
    LEAKS,
    /** Repair leaks and corruptions. */
    ALL;

    public boolean fixLeaks() { return this != NONE; }

    public boolean fixErrors() { return this == ALL; }
}
