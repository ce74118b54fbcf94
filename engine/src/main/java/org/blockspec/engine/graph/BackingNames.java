package org.blockspec.engine.graph;

import org.blockspec.engine.spi.BackingFile;
import org.blockspec.engine.spi.FormatInfo;

/**
 * How a node's backing image is named: what its metadata records, that name resolved
 * against the image's directory, and whether the graph deviates from it (QEMU's
 * bdrv_backing_overridden), which makes the node's filename a json: pseudo-filename.
 */
public final class BackingNames {
    private BackingNames() {
    }

    /** The backing file the node's metadata names, or null. */
    public static BackingFile recorded(BlockNode n) {
        FormatInfo info = n.driver() == null ? null : n.driver().formatInfo();
        return info == null ? null : info.backing();
    }

    /**
     * The recorded name resolved as an open would resolve it (bdrv_get_full_backing_filename):
     * relative to the directory of the image's file; null when there is no name, or a
     * relative one with no directory to resolve it against.
     */
    public static String full(BlockNode n) {
        BackingFile b = recorded(n);
        if (b == null) return null;
        String name = b.filename();
        if (name.startsWith("/") || name.startsWith("json:")) return name;
        String own = fileName(n);
        if (own == null) return null;
        int slash = own.lastIndexOf('/');
        return slash < 0 ? name : own.substring(0, slash + 1) + name;
    }

    /** The exact file name below a node, following primary children (bdrv_dirname's walk). */
    static String fileName(BlockNode n) {
        for (BlockNode cur = n; cur != null; ) {
            String exact = cur.driver() == null ? null : cur.driver().exactFilename();
            if (exact != null) return exact;
            ChildEdge primary = cur.primaryChild();
            cur = primary == null ? null : primary.child();
        }
        return null;
    }

    /**
     * The graph's backing differs from the recorded one: another node was given, or none
     * although the metadata names one. Nodes opened without I/O never count as overridden.
     */
    public static boolean overridden(BlockNode n) {
        if (n.noIo() || n.driver() == null) return false;
        ChildEdge backing = n.backingChild();
        BackingFile b = recorded(n);
        if (backing == null) return b != null;
        if (n.backingFromMetadata()) return false;
        return b == null || !b.filename().equals(Filenames.of(backing.child()));
    }
}
