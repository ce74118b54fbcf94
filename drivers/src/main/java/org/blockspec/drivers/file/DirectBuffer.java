package org.blockspec.drivers.file;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import org.blockspec.engine.spi.IoResult;

/**
 * The aligned native memory an O_DIRECT descriptor needs: heap buffers are copied through
 * it. Also finds the request alignment the file system wants (512 or 4096 bytes), the way
 * QEMU probes it, by trying a small aligned read.
 */
final class DirectBuffer implements AutoCloseable {
    /** Largest request sent at once; the engine splits bigger ones. */
    static final int MAX = 1 << 20;
    private static final int MEMORY_ALIGN = 4096;

    interface Transfer {
        IoResult run(long offset, ByteBuffer buf);
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory = arena.allocate(MAX, MEMORY_ALIGN);
    private final int alignment;

    private DirectBuffer(int alignment) {
        this.alignment = alignment;
    }

    static DirectBuffer probe(int fd) {
        DirectBuffer b = new DirectBuffer(512);
        long r = Posix.pread(fd, b.memory.asSlice(0, 512).asByteBuffer(), 0);
        if (r == -22) { // EINVAL: the device wants whole 4 KiB blocks
            b.close();
            return new DirectBuffer(4096);
        }
        return b;
    }

    int alignment() { return alignment; }

    IoResult read(Transfer pread, long offset, ByteBuffer dst) {
        ByteBuffer native_ = memory.asSlice(0, dst.remaining()).asByteBuffer();
        IoResult r = pread.run(offset, native_);
        if (r.ok()) dst.put(native_.flip());
        return r;
    }

    IoResult write(Transfer pwrite, long offset, ByteBuffer src) {
        ByteBuffer native_ = memory.asSlice(0, src.remaining()).asByteBuffer();
        native_.put(src).flip();
        return pwrite.run(offset, native_);
    }

    @Override
    public void close() {
        arena.close();
    }
}
