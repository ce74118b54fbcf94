package org.blockspec.bench;

import java.nio.ByteBuffer;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.spi.ReqFlags;

/** What the I/O benchmarks share: an engine, one guest-like backend, a 4 KiB request buffer, an offset. */
abstract class BackendBench {
    static final int BLOCK = 4096;

    QmpBench qmp;
    BlockBackend blk;
    final ByteBuffer buf = ByteBuffer.allocate(BLOCK);
    long next;

    /**
     * The next request's offset; the one after is {@code stride} on, modulo {@code size}, as
     * qemu-img bench 7.2 wraps.
     */
    long advance(long stride, long size) {
        long offset = next;
        next = (next + stride) % size;
        return offset;
    }

    /** Writes the buffer at {@code offset}, waiting for the engine's loop. */
    Object write(long offset) {
        return qmp.engine.loop().call(() -> blk.write(offset, buf.clear(), ReqFlags.NONE));
    }

    /** Reads 4 KiB at {@code offset} into the buffer, waiting for the engine's loop. */
    Object read(long offset) {
        return qmp.engine.loop().call(() -> blk.read(offset, buf.clear()));
    }
}
