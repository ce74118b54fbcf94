package org.blockspec.engine.spi;

/** Where a child added at run time goes: its name in the parent and its role. Stable SPI. */
public record ChildSlot(String name, ChildRole role) {
}
