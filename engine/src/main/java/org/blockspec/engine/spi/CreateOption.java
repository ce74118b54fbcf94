package org.blockspec.engine.spi;

/**
 * One option of image creation (qemu-img create -o), as a driver declares it. Stable SPI.
 *
 * @param name         the -o key, e.g. {@code cluster_size}
 * @param type         STR, INT (a number), SIZE or BOOL
 * @param help         the text of {@code -o help}
 * @param defaultValue printed in the "Formatting" line when not given; null for none
 */
public record CreateOption(String name, OptionType type, String help, String defaultValue) {
}
