package org.blockspec.engine.spi;

/**
 * The backing image an image names in its own metadata (a qcow2 header): the file name as
 * written there, and its format when recorded. Stable SPI.
 *
 * @param filename as stored; relative names are relative to the image's directory
 * @param format   the recorded format, or null to probe it
 */
public record BackingFile(String filename, String format) {
}
