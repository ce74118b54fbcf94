package org.blockspec.engine.spi.support;

import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * QEMU 7.2's default child-permission rules (block.c, bdrv_default_perms and friends),
 * the starting point every driver narrows from. Pure functions.
 */
public final class DefaultPerms {
    private static final PermSet WRITE_AND_RESIZE = PermSet.of(Perm.WRITE, Perm.RESIZE);

    private DefaultPerms() {
    }

    /** Dispatches on the role as QEMU does: filtered, then COW, then storage. */
    public static Perms forRole(ChildPermRequest r) {
        ChildRole role = r.role();
        if (role.isFiltered()) return forFilter(r.parents());
        if (role.isCow()) return forCow(r.parents());
        if (role.isStorage()) return forStorage(role, r.parents(), r.nodeWritable(), false);
        throw new IllegalArgumentException("no default permissions for role " + role);
    }

    /** A filter passes its parents' permissions straight through. */
    public static Perms forFilter(Perms parents) {
        return new Perms(parents.perm(), parents.shared());
    }

    /**
     * A backing image is only read, and only consistently if the overlay's users need it.
     * Others may write and resize it as long as the overlay's users tolerate writes.
     */
    public static Perms forCow(Perms parents) {
        PermSet perm = parents.perm().and(PermSet.of(Perm.CONSISTENT_READ));
        PermSet shared = parents.shared().has(Perm.WRITE) ? WRITE_AND_RESIZE : PermSet.NONE;
        shared = shared.plus(Perm.CONSISTENT_READ).plus(Perm.WRITE_UNCHANGED);
        return new Perms(perm, shared);
    }

    /**
     * Data and metadata children. Metadata is written whenever the node is writable, always
     * read consistently, and nobody else may write or resize it; data children may not be
     * resized by others, and a write (even an unchanged one) may grow them.
     */
    public static Perms forStorage(ChildRole role, Perms parents, boolean nodeWritable, boolean noIo) {
        PermSet perm = parents.perm();
        PermSet shared = parents.shared();
        if (role.has(ChildRole.METADATA)) {
            if (nodeWritable) perm = perm.plus(WRITE_AND_RESIZE);
            if (!noIo) perm = perm.plus(Perm.CONSISTENT_READ);
            shared = shared.minus(WRITE_AND_RESIZE);
        }
        if (role.has(ChildRole.DATA)) {
            shared = shared.minus(Perm.RESIZE);
            if (perm.has(Perm.WRITE_UNCHANGED)) perm = perm.plus(Perm.WRITE);
            if (perm.has(Perm.WRITE)) perm = perm.plus(Perm.RESIZE);
        }
        return new Perms(perm, shared);
    }
}
