package org.blockspec.drivers.file;

import java.util.function.Consumer;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Errno;

/**
 * The {@code locking} option of a file node, and what it means for one opened image.
 *
 * <p>QEMU decides {@code auto} once per process; blockspec asks the image's own file system
 * (one lock test on the new descriptor), so an image on a file system without OFD locks is
 * opened unlocked with one warning under {@code auto}, and refused under {@code on}.
 */
enum Locking {
    AUTO, ON, OFF;

    /** The lock state for a newly opened descriptor; null when the image goes unlocked. */
    ImageLock lockFor(int fd, String path, ByteLocks locks, Consumer<String> warn) throws BlockException {
        if (this == OFF) return null;
        int r = locks.test(fd, ImageLock.PERM_BASE);
        if (r == 0 || r == -Errno.EAGAIN.code() || r == -Errno.EACCES.code()) {
            return new ImageLock(fd, path, locks, warn);
        }
        String why = Errno.of(-r).text();
        if (this == ON) {
            throw new BlockException("Image locking (locking=on) is not supported on the file system of '" + path
                    + "': " + why, "Use locking=off to open the image without locks.");
        }
        warn.accept("Image locking is not supported on the file system of '" + path + "' (" + why
                + "); the image is opened without locks");
        return null;
    }
}
