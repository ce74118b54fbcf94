package org.blockspec.engine.spi;

/** One member of a driver's options, in QAPI order (the order errors are found in). Stable SPI. */
public record OptionField(String name, OptionType type, boolean optional) {
    public static OptionField required(String name, OptionType type) {
        return new OptionField(name, type, false);
    }

    public static OptionField optional(String name, OptionType type) {
        return new OptionField(name, type, true);
    }
}
