package org.blockspec.engine.spi;

/**
 * What a parent takes on a child ({@code perm}) and what it lets other parents of the same
 * child take ({@code shared}). The unit of QEMU's permission system. Stable SPI.
 */
public record Perms(PermSet perm, PermSet shared) {
    /** A node without parents: takes nothing, shares everything. */
    public static final Perms UNUSED = new Perms(PermSet.NONE, PermSet.ALL);

    public Perms {
        if (perm == null || shared == null) throw new NullPointerException("perm/shared");
    }

    public Perms withPerm(PermSet p) { return new Perms(p, shared); }

    public Perms withShared(PermSet s) { return new Perms(perm, s); }

    @Override
    public String toString() {
        return "perm=" + perm + " shared=" + shared;
    }
}
