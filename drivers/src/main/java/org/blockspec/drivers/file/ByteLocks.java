package org.blockspec.drivers.file;

import org.blockspec.engine.spi.Errno;

/**
 * The lock operations image locking needs on single bytes of an open file. The real ones are
 * OFD locks ({@link #OFD}), which belong to the open file description: two descriptors of one
 * file conflict even inside one process, as two QEMU processes do. Tests wrap them to make a
 * call fail or be interrupted. Each returns 0 or minus errno; nothing is retried here.
 */
interface ByteLocks {
    /** Takes a shared lock on the byte at {@code offset}. */
    int lock(int fd, long offset);

    /** Releases this descriptor's lock on the byte at {@code offset}. */
    int unlock(int fd, long offset);

    /**
     * Whether an exclusive lock on the byte could be taken: 0 if so, -EAGAIN when another open
     * file holds a lock there (this descriptor's own locks never count).
     */
    int test(int fd, long offset);

    ByteLocks OFD = new ByteLocks() {
        @Override public int lock(int fd, long offset) {
            return Posix.ofdLock(fd, Posix.F_OFD_SETLK, Posix.F_RDLCK, offset, 1);
        }

        @Override public int unlock(int fd, long offset) {
            return Posix.ofdLock(fd, Posix.F_OFD_SETLK, Posix.F_UNLCK, offset, 1);
        }

        @Override public int test(int fd, long offset) {
            int type = Posix.ofdLock(fd, Posix.F_OFD_GETLK, Posix.F_WRLCK, offset, 1);
            if (type < 0) return type;
            return type == Posix.F_UNLCK ? 0 : -Errno.EAGAIN.code();
        }
    };
}
