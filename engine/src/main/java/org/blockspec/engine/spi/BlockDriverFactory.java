package org.blockspec.engine.spi;

import java.util.List;

/**
 * A driver as the engine discovers it through {@link java.util.ServiceLoader}: a name,
 * its option schema and a way to open a node. Stable SPI.
 */
public interface BlockDriverFactory {
    /** The {@code driver} value in blockdev-add, e.g. {@code raw}. */
    String name();

    DriverKind kind();

    /** Driver-specific members in QAPI order, child references included. */
    List<OptionField> options();

    /**
     * Options that change what the node shows; they appear in json: pseudo-filenames
     * (QEMU's strong_runtime_opts).
     */
    default List<String> strongOptions() {
        return List.of();
    }

    BlockDriver open(OpenContext ctx) throws BlockException;
}
