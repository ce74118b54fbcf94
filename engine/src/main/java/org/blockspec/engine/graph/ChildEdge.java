package org.blockspec.engine.graph;

import java.nio.ByteBuffer;

import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermissionViolation;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * A directed parent-to-child link (QEMU's BdrvChild) with its name, role flags and the
 * permissions it takes and shares. It is also the driver's I/O handle on the child: every
 * request checks the edge's permissions first and refuses, loudly, before any byte moves.
 */
public final class ChildEdge implements Child {
    private final Parent parent;
    private BlockNode child;
    private final String name;
    private final ChildRole role;
    private Perms perms;
    /** Holders that forbid replacing or removing this link (a copy-on-read bottom, later jobs). */
    private int frozen;
    /** Drained sections the parent received through this edge (QEMU's parent_quiesce_counter). */
    private int parentQuiesceCounter;

    ChildEdge(Parent parent, BlockNode child, String name, ChildRole role, Perms perms) {
        this.parent = parent;
        this.child = child;
        this.name = name;
        this.role = role;
        this.perms = perms;
    }

    public Parent parent() { return parent; }

    public BlockNode child() { return child; }

    void setChild(BlockNode node) { this.child = node; }

    @Override public String name() { return name; }

    @Override public ChildRole role() { return role; }

    @Override public String nodeName() { return child.name(); }

    @Override public Perms perms() { return perms; }

    void setPerms(Perms p) { this.perms = p; }

    public boolean frozen() { return frozen > 0; }

    int parentQuiesceCounter() { return parentQuiesceCounter; }

    void parentQuiesce(int delta) { parentQuiesceCounter += delta; }

    void freeze(int delta) { frozen += delta; }

    @Override public long length() { return NodeIo.length(child); }

    @Override public long allocatedSize() { return NodeIo.allocatedSize(child); }

    @Override public String exactFilename() { return Filenames.exact(child); }

    @Override public void debugEvent(String event) { child.driver().debugEvent(event); }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        return NodeIo.read(child, offset, dst, flags);
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        requireWrite(flags, offset + src.remaining());
        return NodeIo.write(child, offset, src, flags);
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        requireWrite(flags, offset + length);
        return NodeIo.writeZeroes(child, offset, length, flags);
    }

    @Override public IoResult discard(long offset, long length) {
        require(Perm.WRITE, "discard");
        return NodeIo.discard(child, offset, length);
    }

    @Override public IoResult flush() {
        return NodeIo.flush(child);
    }

    @Override public void truncate(long length, boolean exact) throws BlockException {
        require(Perm.RESIZE, "truncate");
        NodeIo.truncate(child, length, exact);
    }

    /** The child's answer; a place on the child itself is named by the child's node name. */
    @Override public BlockStatus blockStatus(long offset, long length) {
        BlockStatus s = NodeIo.blockStatus(child, offset, length);
        return s.offsetValid() && s.hostNode() == null ? s.at(s.hostOffset(), child.name()) : s;
    }

    @Override public BlockStatus allocationBelow(long offset, long length, String base) {
        return NodeIo.allocationAbove(child, base, offset, length);
    }

    @Override public IoResult writeCompressed(long offset, ByteBuffer src) {
        requireWrite(ReqFlags.NONE, offset + src.remaining());
        return NodeIo.writeCompressed(child, offset, src);
    }

    private void requireWrite(ReqFlags flags, long end) {
        if (flags.writeUnchanged()) {
            if (!perms.perm().has(Perm.WRITE) && !perms.perm().has(Perm.WRITE_UNCHANGED)) {
                throw violation("write-unchanged", "write or write unchanged");
            }
        } else {
            require(Perm.WRITE, "write");
        }
        // Growing the child by writing past its end is a resize (format drivers allocate this way).
        if (end > NodeIo.length(child)) require(Perm.RESIZE, "write past the end");
    }

    private void require(Perm p, String op) {
        if (!perms.perm().has(p)) throw violation(op, p.messageName());
    }

    private PermissionViolation violation(String op, String needed) {
        return new PermissionViolation(op + " through " + describe() + " needs '" + needed
                + "' but the edge takes only '" + perms.perm().describe() + "'");
    }

    /** E.g. {@code node 'q0' -[file]-> f0}. */
    public String describe() {
        return parent.conflictDescription() + " -[" + name + "]-> " + child.name();
    }

    @Override
    public String toString() {
        return describe() + " " + perms;
    }
}
