package org.blockspec.drivers.file;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.ImageLockInspector;
import org.blockspec.engine.spi.ImageLockState;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;

/**
 * Tests each permission byte from a fresh read-only descriptor, which holds no lock of its
 * own, so every lock it meets belongs to someone else: another process, or another
 * descriptor of this one.
 */
public final class FileLockInspector implements ImageLockInspector {
    @Override
    public ImageLockState inspect(String filename) throws BlockException {
        int fd = Posix.open(filename, Posix.O_RDONLY);
        if (fd < 0) throw new BlockException("Could not open '" + filename + "': " + Errno.of(-fd).text());
        try {
            return new ImageLockState(locked(fd, ImageLock.PERM_BASE, filename),
                    locked(fd, ImageLock.SHARED_BASE, filename));
        } finally {
            Posix.close(fd);
        }
    }

    private static PermSet locked(int fd, int base, String filename) throws BlockException {
        PermSet out = PermSet.NONE;
        for (Perm p : Perm.values()) {
            int r = ByteLocks.OFD.test(fd, base + p.index());
            if (r == -Errno.EAGAIN.code()) {
                out = out.plus(p);
            } else if (r < 0) {
                throw new BlockException("Could not test the lock on byte " + (base + p.index()) + " of '" + filename
                        + "': " + Errno.of(-r).text());
            }
        }
        return out;
    }
}
