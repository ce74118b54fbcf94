package org.blockspec.engine.spi;

import java.util.Set;

/**
 * Whether a driver's nodes can be reopened (blockdev-reopen, a snapshot making its old top
 * read-only), and which of its own options a reopen may change. The engine refuses any other
 * option whose value differs from the one the node was opened with, with QEMU's "Cannot
 * change the option" message. Stable SPI.
 *
 * @param supported  false: QEMU's "does not support reopening files" (quorum, copy-on-read)
 * @param changeable driver options the driver applies in {@link BlockDriver#prepareReopen}
 */
public record ReopenPolicy(boolean supported, Set<String> changeable) {
    public static final ReopenPolicy UNSUPPORTED = new ReopenPolicy(false, Set.of());
    /** Reopen works (read-only and cache may change) but no driver option may. */
    public static final ReopenPolicy FIXED_OPTIONS = new ReopenPolicy(true, Set.of());

    public ReopenPolicy {
        changeable = Set.copyOf(changeable);
    }

    public static ReopenPolicy changing(String... options) {
        return new ReopenPolicy(true, Set.of(options));
    }
}
