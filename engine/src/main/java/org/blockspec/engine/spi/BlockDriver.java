package org.blockspec.engine.spi;

import java.nio.ByteBuffer;

/**
 * One opened node's driver: its state and its callbacks. Created by
 * {@link BlockDriverFactory#open}. Anything a driver leaves out has the default below,
 * which is QEMU's generic behaviour. Stable SPI.
 *
 * <p>Control callbacks ({@link #childPermissions}, {@link #preparePermissions}, close) run
 * on the engine's event loop; I/O callbacks receive byte offsets already aligned to
 * {@link Capabilities#requestAlignment()} and inside the node.
 */
public interface BlockDriver {
    /** Guest-visible length in bytes. */
    long length();

    Capabilities capabilities();

    /**
     * What this node takes and shares on one of its children, given what its own parents
     * take and share. A pure function: no side effects, asked for the minimum.
     */
    Perms childPermissions(ChildPermRequest request);

    IoResult read(long offset, ByteBuffer dst, ReqFlags flags);

    IoResult write(long offset, ByteBuffer src, ReqFlags flags);

    /** Only called when {@link Capabilities#zeroWrite()} is declared. */
    default IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        return IoResult.fail(Errno.ENOTSUP);
    }

    /** Only called when {@link Capabilities#discard()} is declared. */
    default IoResult discard(long offset, long length) {
        return IoResult.OK;
    }

    default IoResult flush() {
        return IoResult.OK;
    }

    /** Only called when {@link Capabilities#resize()} is declared. */
    default void truncate(long length, boolean exact) throws BlockException {
        throw new BlockException("Image format driver does not support resize");
    }

    /**
     * What the range starting at {@code offset} is at this layer. A range that is neither data
     * nor zeroes is unallocated here; the engine then looks at the backing image, or reports
     * zeroes when there is none (QEMU's generic rule).
     */
    default BlockStatus blockStatus(long offset, long length) {
        return BlockStatus.data(length);
    }

    /**
     * Whether a write-zeroes may deallocate (QEMU's BDRV_REQ_MAY_UNMAP in supported_zero_flags):
     * true or false, or null to answer as the node's primary child does (raw, filters).
     */
    default Boolean zeroesMayUnmap() {
        return null;
    }

    /** Whether {@link #writeCompressed} works (QEMU's bdrv_supports_compressed_writes). */
    default boolean supportsCompressedWrites() {
        return false;
    }

    /**
     * Writes whole clusters compressed (qemu-img convert -c, qemu-io write -c). Only called
     * when {@link #supportsCompressedWrites()} is true.
     */
    default IoResult writeCompressed(long offset, ByteBuffer src) {
        return IoResult.fail(Errno.ENOTSUP);
    }

    /**
     * Prepares the node-level side of a permission change (the file driver's image locks),
     * relative to the last committed state. The engine calls commit or abort on the result
     * once the whole graph was checked. One change may prepare a node several times: then
     * only the last update is committed, and on failure every one is aborted, newest first.
     */
    default PermissionUpdate preparePermissions(Perms cumulative) throws BlockException {
        return PermissionUpdate.NONE;
    }

    /** Host file name when the node is fully described by it (protocol drivers), else null. */
    default String exactFilename() {
        return null;
    }

    /**
     * Bytes really used on the host; -1 when the driver has no figure of its own: then a
     * protocol reports none and other nodes ask their children.
     */
    default long allocatedSize() {
        return -1;
    }

    /** Whether QEMU's bdrv_get_info works for this driver (then query output has dirty-flag). */
    default boolean hasImageInfo() {
        return true;
    }

    /** Whether that information is its {@code file} child's, as raw's is in QEMU (filters' always is). */
    default boolean imageInfoFromFile() {
        return false;
    }

    /**
     * A debug event a parent announced on this node (QEMU's BLKDBG_EVENT: {@code l2_load},
     * {@code pwritev} ...). Only blkdebug listens.
     */
    default void debugEvent(String event) {
    }

    /**
     * x-blockdev-change: where a new child would go (quorum: {@code children.N}), or null when
     * this driver takes no children at run time.
     */
    default ChildSlot newChildSlot() {
        return null;
    }

    /** A child was attached in the slot {@link #newChildSlot} gave; the graph change is committed. */
    default void childAdded(Child child) {
    }

    /**
     * Why {@code child} may not be removed now, or null. Drivers that take no children at run
     * time never get here: the engine refuses first.
     */
    default String refuseRemoval(Child child) {
        return null;
    }

    /** A child was detached; the graph change is committed. */
    default void childRemoved(Child child) {
    }

    /**
     * Prepares a reopen with new options (only those {@link BlockDriverFactory#reopenPolicy}
     * lets change differ from the current ones) or a new read-only state. Refusals carry
     * QEMU's message. Called only when the policy says reopen is supported.
     */
    default Reopen prepareReopen(ReopenRequest request) throws BlockException {
        return Reopen.NOTHING;
    }

    /**
     * The engine attached, replaced or removed this node's backing child at run time
     * (blockdev-snapshot, blockdev-reopen); null when it has none now. Called once the graph
     * change is committed.
     */
    default void backingChanged(Child backing) {
    }

    /** Cluster size, dirty flag, format-specific data and backing file name; null for none. */
    default FormatInfo formatInfo() {
        return null;
    }

    /** Whether {@link #check} is implemented (qemu-img check says so when it is not). */
    default boolean supportsCheck() {
        return false;
    }

    /**
     * Checks the image's metadata and repairs what {@code mode} allows, printing QEMU's
     * per-problem lines through {@code report}. Throws when the check itself failed.
     */
    default CheckResult check(CheckMode mode, CheckReport report) throws BlockException {
        throw new BlockException("This image format does not support checks");
    }

    /**
     * Rewrites the backing file name (and format, null to drop it) stored in the image; the
     * graph is not changed (QEMU's bdrv_change_backing_file).
     */
    default void changeBackingFile(String filename, String format) throws BlockException {
        throw new BlockException(Errno.ENOTSUP.text());
    }

    /** Drops all data of this layer so it reads through to its backing image (bdrv_make_empty). */
    default void makeEmpty() throws BlockException {
        throw new BlockException(Errno.ENOTSUP.text());
    }

    /**
     * The node's last reference is going: write back what is cached now, while its children
     * are still attached with their permissions (QEMU flushes in bdrv_close before it detaches
     * children). The node must stay usable, since the change that drops it may be undone;
     * {@link #close} follows once it commits.
     */
    default void prepareClose() {
    }

    /** Releases host resources. Called once, after every edge below was detached. */
    default void close() {
    }
}
