package org.blockspec.drivers.file;

import java.util.function.Consumer;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.PermissionUpdate;
import org.blockspec.engine.spi.Perms;

/**
 * QEMU's image locking on one open descriptor (file-posix's perm lock handling): byte
 * {@code 100 + bit} is locked while the node holds a permission, byte {@code 200 + bit} while
 * it does not share it, so other processes, QEMU included, can see and respect both.
 *
 * <p>A change is prepared additively (the old and the new bytes are both locked, then the
 * bytes others hold are tested), so nothing another process relies on is ever dropped early;
 * it is then committed to exactly the new set or aborted to exactly the old one.
 */
final class ImageLock {
    static final int PERM_BASE = 100;
    static final int SHARED_BASE = 200;

    private int fd;
    private final String filename;
    private final ByteLocks locks;
    private final Consumer<String> warn;
    /** The committed permissions (QEMU's s->perm and s->shared_perm). */
    private Perms current = Perms.UNUSED;
    /** Permissions whose byte this descriptor holds right now, in each range. */
    private PermSet lockedPerm = PermSet.NONE;
    private PermSet lockedUnshared = PermSet.NONE;
    private boolean released;

    ImageLock(int fd, String filename, ByteLocks locks, Consumer<String> warn) {
        this.fd = fd;
        this.filename = filename;
        this.locks = locks;
        this.warn = warn;
    }

    PermissionUpdate prepare(Perms wanted) throws BlockException {
        if (released) return PermissionUpdate.NONE;
        Perms old = current;
        boolean grows = !old.perm().containsAll(wanted.perm()) || !wanted.shared().containsAll(old.shared());
        if (grows) {
            try {
                lockAlso(old.perm().plus(wanted.perm()), old.shared().complement().plus(wanted.shared().complement()));
                checkOthers(wanted);
            } catch (BlockException e) {
                settle(old);
                throw e;
            }
        }
        return new PermissionUpdate() {
            @Override public void commit() {
                settle(wanted);
                current = wanted;
            }

            @Override public void abort() {
                settle(old);
            }
        };
    }

    /**
     * A reopen replaced the descriptor: the new one takes every byte the old one holds (shared
     * locks never conflict with each other), before the old one closes and drops its own.
     */
    void moveTo(int newFd) {
        fd = newFd;
        try {
            for (Perm p : lockedPerm.perms()) lockByte(PERM_BASE + p.index());
            for (Perm p : lockedUnshared.perms()) lockByte(SHARED_BASE + p.index());
        } catch (BlockException e) {
            warn.accept(e.getMessage());
        }
    }

    /** The descriptor is about to close, which drops its locks; nothing more may be called. */
    void release() {
        released = true;
    }

    /** Takes the bytes for {@code perm} and {@code unshared} that are not held yet; drops nothing. */
    private void lockAlso(PermSet perm, PermSet unshared) throws BlockException {
        for (Perm p : perm.minus(lockedPerm).perms()) {
            lockByte(PERM_BASE + p.index());
            lockedPerm = lockedPerm.plus(p);
        }
        for (Perm p : unshared.minus(lockedUnshared).perms()) {
            lockByte(SHARED_BASE + p.index());
            lockedUnshared = lockedUnshared.plus(p);
        }
    }

    /**
     * Makes the held bytes exactly those of {@code perms}. Used to commit and to roll back,
     * which must not fail: a refused call is reported as a warning, as QEMU does.
     */
    private void settle(Perms perms) {
        if (released) return;
        try {
            lockAlso(perms.perm(), perms.shared().complement());
            for (Perm p : lockedPerm.minus(perms.perm()).perms()) {
                unlockByte(PERM_BASE + p.index());
                lockedPerm = lockedPerm.minus(p);
            }
            for (Perm p : lockedUnshared.minus(perms.shared().complement()).perms()) {
                unlockByte(SHARED_BASE + p.index());
                lockedUnshared = lockedUnshared.minus(p);
            }
        } catch (BlockException e) {
            warn.accept(e.getMessage());
        }
    }

    /** Nobody else may have unshared what we take, or hold what we do not share. */
    private void checkOthers(Perms wanted) throws BlockException {
        for (Perm p : wanted.perm().perms()) {
            test(SHARED_BASE + p.index(), "Failed to get \"" + p.messageName() + "\" lock");
        }
        for (Perm p : wanted.shared().complement().perms()) {
            test(PERM_BASE + p.index(), "Failed to get shared \"" + p.messageName() + "\" lock");
        }
    }

    private void test(int offset, String failure) throws BlockException {
        int r = locks.test(fd, offset);
        if (r < 0) {
            throw new BlockException(withErrno(failure, -r), "Is another process using the image [" + filename + "]?");
        }
    }

    private void lockByte(int offset) throws BlockException {
        int r;
        do {
            r = locks.lock(fd, offset);
        } while (r == -Errno.EINTR.code());
        if (r < 0) throw new BlockException(withErrno("Failed to lock byte " + offset, -r));
    }

    private void unlockByte(int offset) throws BlockException {
        int r;
        do {
            r = locks.unlock(fd, offset);
        } while (r == -Errno.EINTR.code());
        if (r < 0) throw new BlockException("Failed to unlock byte " + offset + ": " + Errno.of(-r).text());
    }

    /** A conflict (EAGAIN, EACCES) is the expected failure and QEMU does not spell it out; others it does. */
    private static String withErrno(String message, int errno) {
        if (errno == Errno.EAGAIN.code() || errno == Errno.EACCES.code()) return message;
        return message + ": " + Errno.of(errno).text();
    }
}
