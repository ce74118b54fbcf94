package org.blockspec.engine.spi;

import java.nio.ByteBuffer;

/**
 * A driver's handle on one of its child edges. All I/O a driver does on other nodes goes
 * through here; the engine checks that the edge holds the permission the request needs
 * and throws {@link PermissionViolation} (an engine bug) before touching any byte.
 *
 * <p>The handle stays valid when the graph swaps the node at the end of the edge (reopen,
 * snapshot, filter insertion), so drivers keep it from open to close. Stable SPI.
 */
public interface Child {
    /** Child name in the parent: {@code file}, {@code backing}, {@code children.0} ... */
    String name();

    ChildRole role();

    /** Node name of the node currently at the end of this edge. */
    String nodeName();

    /** What this edge currently takes and shares. */
    Perms perms();

    /** Guest-visible length of the child in bytes (rounded up to 512 as QEMU does). */
    long length();

    IoResult read(long offset, ByteBuffer dst, ReqFlags flags);

    IoResult write(long offset, ByteBuffer src, ReqFlags flags);

    IoResult writeZeroes(long offset, long length, ReqFlags flags);

    IoResult discard(long offset, long length);

    IoResult flush();

    /** Changes the child's length; needs RESIZE on this edge. Refusals carry QEMU's message. */
    void truncate(long length, boolean exact) throws BlockException;

    BlockStatus blockStatus(long offset, long length);

    /**
     * Whether the range is allocated somewhere in this child's backing chain, from the image
     * below the child down to node {@code base} inclusive (QEMU's bdrv_is_allocated_above);
     * the result's length says how far the answer holds. Without a backing image, nothing is.
     */
    default BlockStatus allocationBelow(long offset, long length, String base) {
        return BlockStatus.unallocated(length);
    }

    /** Announces a debug event to the child (QEMU's BLKDBG_EVENT), for blkdebug to act on. */
    default void debugEvent(String event) {
    }

    /** Compressed write of whole clusters; only where the child supports it. */
    default IoResult writeCompressed(long offset, java.nio.ByteBuffer src) {
        return IoResult.fail(Errno.ENOTSUP);
    }

    /** The child's plain file name when it has one (QEMU's exact_filename), else null. */
    String exactFilename();

    /** Bytes the child's storage really occupies on the host, or -1 when unknown. */
    long allocatedSize();

    default IoResult read(long offset, ByteBuffer dst) {
        return read(offset, dst, ReqFlags.NONE);
    }

    default IoResult write(long offset, ByteBuffer src) {
        return write(offset, src, ReqFlags.NONE);
    }
}
