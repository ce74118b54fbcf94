package org.blockspec.engine.spi;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A driver as the engine discovers it through {@link java.util.ServiceLoader}: a name,
 * its option schema and a way to open a node. Stable SPI.
 */
public interface BlockDriverFactory {
    /** The {@code driver} value in blockdev-add, e.g. {@code raw}. */
    String name();

    DriverKind kind();

    /**
     * Whether the node's length is asked of the driver every time (QEMU's has_variable_length:
     * raw, copy-on-read). Other nodes report the length they had when opened, last resized
     * through, or last written past, as QEMU does; a resize below them goes unnoticed.
     */
    default boolean variableLength() {
        return false;
    }

    /**
     * Whether QEMU opens this driver as a protocol (bdrv_file_open), as it does for blkdebug
     * though it is a filter: a format on top may then take its exact filename, and without a
     * figure of its own it reports no host size.
     */
    default boolean opensAsProtocol() {
        return kind() == DriverKind.PROTOCOL;
    }

    /**
     * Whether nodes of this driver take compressed writes (QEMU's block_driver_can_compress),
     * asked before an image is created for them.
     */
    default boolean canCompress() {
        return false;
    }

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

    /** Whether nodes of this driver can be reopened, and with which options changed. */
    default ReopenPolicy reopenPolicy() {
        return ReopenPolicy.UNSUPPORTED;
    }

    /**
     * How sure the driver is that an image starting with {@code head} (up to 2 KiB) is in its
     * format: 0 not at all, 100 certain (QEMU's bdrv_probe). Format probing picks the highest.
     */
    default int probe(ByteBuffer head, String filename) {
        return 0;
    }

    /** Options of image creation, in the order the "Formatting" line prints them. */
    default List<CreateOption> createOptions() {
        return List.of();
    }

    /** Creates an image (a protocol's host object, or a format's empty image on its file). */
    default void create(ImageCreation creation) throws BlockException {
        throw new BlockException("Driver '" + name() + "' does not support image creation");
    }
}
