package org.blockspec.engine.nbd;

import org.blockspec.engine.export.BlockExport;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.nbd.Nbd;

/**
 * A block export as NBD clients see it: a name, a description, a size fixed when it was
 * created, and the transmission flags QEMU 7.2 advertises (multi-conn, FUA, flush, cache;
 * trim, write-zeroes and fast-zero when writable; DF once structured replies are on).
 */
public record NbdExport(String name, String description, BlockExport export, long size, int minBlockSize,
                        int maxBlockSize) {
    public boolean readOnly() { return !export.writable(); }

    public BlockBackend backend() { return export.backend(); }

    public int flags(boolean structured) {
        int f = Nbd.FLAG_HAS_FLAGS | Nbd.FLAG_SEND_FLUSH | Nbd.FLAG_SEND_FUA | Nbd.FLAG_SEND_CACHE
                | Nbd.FLAG_CAN_MULTI_CONN;
        if (readOnly()) f |= Nbd.FLAG_READ_ONLY;
        else f |= Nbd.FLAG_SEND_TRIM | Nbd.FLAG_SEND_WRITE_ZEROES | Nbd.FLAG_SEND_FAST_ZERO;
        if (structured) f |= Nbd.FLAG_SEND_DF;
        return f;
    }

    /** NBD_INFO_BLOCK_SIZE's preferred size: a page, or the minimum if larger. */
    public int preferredBlockSize() {
        return Math.max(4096, minBlockSize);
    }
}
