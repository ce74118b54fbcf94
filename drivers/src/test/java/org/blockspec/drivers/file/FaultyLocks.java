package org.blockspec.drivers.file;

import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.spi.Errno;

/**
 * Real OFD locks, except for the calls a test picks, which fail with the errno it picks
 * instead of reaching the kernel: a refused or interrupted lock call, or a file system that
 * does not support OFD locks at all.
 */
final class FaultyLocks implements ByteLocks {
    enum Call { LOCK, UNLOCK, TEST }

    /** {@code times} failures of {@code call} on byte {@code offset} (-1: any byte; times -1: forever). */
    private static final class Fault {
        final Call call;
        final long offset;
        final Errno errno;
        int times;

        Fault(Call call, long offset, Errno errno, int times) {
            this.call = call;
            this.offset = offset;
            this.errno = errno;
            this.times = times;
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    FaultyLocks fail(Call call, long offset, Errno errno, int times) {
        faults.add(new Fault(call, offset, errno, times));
        return this;
    }

    /** Every call of every kind fails: a file system without OFD locks. */
    FaultyLocks unsupported(Errno errno) {
        for (Call c : Call.values()) fail(c, -1, errno, -1);
        return this;
    }

    @Override public int lock(int fd, long offset) {
        Errno e = take(Call.LOCK, offset);
        return e != null ? -e.code() : OFD.lock(fd, offset);
    }

    @Override public int unlock(int fd, long offset) {
        Errno e = take(Call.UNLOCK, offset);
        return e != null ? -e.code() : OFD.unlock(fd, offset);
    }

    @Override public int test(int fd, long offset) {
        Errno e = take(Call.TEST, offset);
        return e != null ? -e.code() : OFD.test(fd, offset);
    }

    private Errno take(Call call, long offset) {
        for (Fault f : faults) {
            if (f.call != call || (f.offset != -1 && f.offset != offset) || f.times == 0) continue;
            if (f.times > 0) f.times--;
            return f.errno;
        }
        return null;
    }
}
