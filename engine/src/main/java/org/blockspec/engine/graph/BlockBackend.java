package org.blockspec.engine.graph;

import java.nio.ByteBuffer;

import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * A root parent that is not a node (QEMU's BlockBackend): what a guest device, an export
 * or a temporary user such as block_resize holds. Its single edge is named {@code root}.
 * Requests through a BlockBackend are checked against the node's length (EIO past the end)
 * as QEMU's blk_* functions do; requests through node edges are not.
 */
public final class BlockBackend implements Parent {
    private final String name;
    private final String devicePath;
    private Perms perms;
    private ChildEdge root;

    /**
     * @param name       monitor name, null for an anonymous backend
     * @param devicePath QOM path of the device it is attached to, null if none
     */
    BlockBackend(String name, String devicePath, Perms perms) {
        this.name = name;
        this.devicePath = devicePath;
        this.perms = perms;
    }

    public String name() { return name; }

    public String devicePath() { return devicePath; }

    /** What this backend asks of its node. */
    public Perms perms() { return perms; }

    void setPermsField(Perms p) { this.perms = p; }

    public ChildEdge root() { return root; }

    void setRoot(ChildEdge e) { this.root = e; }

    public BlockNode node() { return root == null ? null : root.child(); }

    /** Name shown in x-debug-query-block-graph: the monitor name, else the device path, else "". */
    public String graphName() {
        if (name != null) return name;
        return devicePath != null ? devicePath : "";
    }

    @Override
    public String conflictDescription() {
        if (name != null) return "block device '" + name + "'";
        if (devicePath != null) return "block device '" + devicePath + "'";
        return "an unnamed block device";
    }

    public long length() {
        return root == null ? 0 : NodeIo.length(root.child());
    }

    public IoResult read(long offset, ByteBuffer dst) {
        Errno e = check(offset, dst.remaining());
        return e != null ? IoResult.fail(e) : root.read(offset, dst, ReqFlags.NONE);
    }

    public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        Errno e = check(offset, src.remaining());
        return e != null ? IoResult.fail(e) : root.write(offset, src, flags);
    }

    public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        Errno e = check(offset, length);
        return e != null ? IoResult.fail(e) : root.writeZeroes(offset, length, flags);
    }

    /** Compressed whole clusters, where the node's format can (qemu-img convert -c, qemu-io write -c). */
    public IoResult writeCompressed(long offset, ByteBuffer src) {
        Errno e = check(offset, src.remaining());
        return e != null ? IoResult.fail(e) : root.writeCompressed(offset, src);
    }

    public IoResult discard(long offset, long length) {
        Errno e = check(offset, length);
        return e != null ? IoResult.fail(e) : root.discard(offset, length);
    }

    public IoResult flush() {
        return root == null ? IoResult.OK : root.flush();
    }

    /** Allocation status from {@code offset}, for at most {@code length} bytes inside the node. */
    public BlockStatus blockStatus(long offset, long length) {
        BlockStatus s = root.blockStatus(offset, length);
        return s.length() <= length ? s : new BlockStatus(length, s.data(), s.zero(), s.allocated());
    }

    public void truncate(long length) throws BlockException {
        if (root == null) throw new BlockException("No medium inserted");
        root.truncate(length, false);
    }

    private Errno check(long offset, long length) {
        if (root == null) return Errno.ENOENT;
        if (offset < 0 || length < 0) return Errno.EIO;
        long size = length();
        if (offset > size || size - offset < length) return Errno.EIO;
        return null;
    }

    @Override
    public String toString() {
        return "BlockBackend(" + graphName() + ")";
    }
}
