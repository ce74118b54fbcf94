package org.blockspec.engine.spi;

/** Where an image check tells what it finds, line by line, on the tool's standard error. Stable SPI. */
@FunctionalInterface
public interface CheckReport {
    /** A line as QEMU's check prints it (fprintf): unchanged. */
    void line(String text);

    /** A line QEMU prints with error_report: the tool puts its program name in front. */
    default void error(String text) {
        line(text);
    }
}
