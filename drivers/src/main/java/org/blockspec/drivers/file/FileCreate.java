package org.blockspec.drivers.file;

import java.nio.ByteBuffer;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Errno;

/**
 * Creating an image file (QEMU's raw_co_create): the file is created or emptied, brought to
 * its size with the preallocation asked for, and, without preallocation, its first block is
 * written so that later alignment probing sees real storage (QEMU's allocate_first_block).
 */
final class FileCreate {
    private static final int MAX_BLOCK = 4096;

    private FileCreate() {
    }

    static void create(String path, long requested, String preallocation) throws BlockException {
        long size = (requested + 511) / 512 * 512; // QEMU creates whole sectors
        if (!preallocation.equals("off") && !preallocation.equals("falloc") && !preallocation.equals("full")) {
            throw new BlockException("Unsupported preallocation mode: " + preallocation);
        }
        int fd = Posix.open(path, Posix.O_RDWR | Posix.O_CREAT);
        if (fd < 0) throw new BlockException("Could not create '" + path + "': " + Errno.of(-fd).text());
        try {
            int r = Posix.ftruncate(fd, 0);
            if (r < 0) throw new BlockException("Could not clear the file: " + Errno.of(-r).text());
            switch (preallocation) {
                case "falloc" -> check(Posix.fallocate(fd, 0, 0, size));
                case "full" -> writeZeroes(fd, size);
                default -> check(Posix.ftruncate(fd, size));
            }
            if (preallocation.equals("off") && size > 0) {
                ByteBuffer first = ByteBuffer.allocateDirect(size < MAX_BLOCK ? 512 : MAX_BLOCK);
                Posix.pwrite(fd, first, 0);
            }
        } finally {
            Posix.close(fd);
        }
    }

    private static void check(int r) throws BlockException {
        if (r < 0) throw new BlockException("Could not resize file: " + Errno.of(-r).text());
    }

    private static void writeZeroes(int fd, long size) throws BlockException {
        ByteBuffer zeroes = ByteBuffer.allocateDirect(1 << 20);
        for (long done = 0; done < size; ) {
            int n = (int) Math.min(zeroes.capacity(), size - done);
            long w = Posix.pwrite(fd, zeroes.clear().limit(n), done);
            if (w < 0) throw new BlockException("Could not write zeroes for preallocation: " + Errno.of((int) -w).text());
            done += w;
        }
    }
}
