package org.blockspec.drivers.file;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * The handful of POSIX calls the file driver needs, through the FFM API: one descriptor for
 * positional I/O, flushes, hole punching, allocation queries and (for image locking) fcntl.
 * Every call returns the C result, or minus errno on failure. Heap buffers are passed
 * directly (critical downcalls), so there is no copy on the I/O path.
 */
final class Posix {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_DIRECT = 040000;
    static final int O_CLOEXEC = 02000000;

    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;

    static final int FALLOC_FL_KEEP_SIZE = 0x01;
    static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    static final int FALLOC_FL_ZERO_RANGE = 0x10;

    /** Open-file-description locks (Linux 3.15+): owned by the descriptor's open file, not the process. */
    static final int F_OFD_GETLK = 36;
    static final int F_OFD_SETLK = 37;
    static final short F_RDLCK = 0;
    static final short F_WRLCK = 1;
    static final short F_UNLCK = 2;
    private static final short SEEK_SET = 0;

    /** struct flock on x86_64 and aarch64 Linux: type, whence, (pad), start, len, pid, (pad). */
    private static final long FLOCK_SIZE = 32;
    private static final long L_TYPE = 0;
    private static final long L_WHENCE = 2;
    private static final long L_START = 8;
    private static final long L_LEN = 16;
    private static final long L_PID = 24;

    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;

    /** struct stat offsets: st_mode differs between x86_64 and the generic (aarch64) layout. */
    private static final boolean X86_64 = System.getProperty("os.arch").equals("amd64")
            || System.getProperty("os.arch").equals("x86_64");
    private static final long STAT_SIZE = 144;
    private static final long ST_MODE = X86_64 ? 24 : 16;
    private static final long ST_SIZE = 48;
    private static final long ST_BLOCKS = 64;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), false, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FCNTL = handle("fcntl", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), false, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = handle("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), false);
    private static final MethodHandle PREAD = handle("pread", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), true);
    private static final MethodHandle PWRITE = handle("pwrite", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), true);
    private static final MethodHandle FDATASYNC = handle("fdatasync",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), false);
    private static final MethodHandle FTRUNCATE = handle("ftruncate",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), false);
    private static final MethodHandle FALLOCATE = handle("fallocate", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), false);
    private static final MethodHandle LSEEK = handle("lseek", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), false);
    private static final MethodHandle FSTAT = handle("fstat",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), false);
    private static final MethodHandle STAT = handle("stat",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), false);

    /** Per-thread errno capture area; calls happen on a few long-lived threads. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private Posix() {
    }

    /** File metadata: type bits, length, bytes allocated on disk. */
    record Stat(int mode, long size, long allocated) {
        boolean regular() { return (mode & S_IFMT) == S_IFREG; }

        boolean directory() { return (mode & S_IFMT) == S_IFDIR; }
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, boolean heap, Linker.Option... extra) {
        Linker.Option[] opts = new Linker.Option[extra.length + (heap ? 2 : 1)];
        opts[0] = ERRNO_OPT;
        System.arraycopy(extra, 0, opts, 1, extra.length);
        if (heap) opts[opts.length - 1] = Linker.Option.critical(true);
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, opts);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static int open(String path, int flags) {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom(path), flags | O_CLOEXEC, 0644);
            return fd < 0 ? -errno(st) : fd;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int close(int fd) {
        MemorySegment st = STATE.get();
        try {
            int r = (int) CLOSE.invokeExact(st, fd);
            return r < 0 ? -errno(st) : r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** One pread into the buffer's remaining bytes; does not move the buffer's position. */
    static long pread(int fd, ByteBuffer buf, long offset) {
        MemorySegment st = STATE.get();
        try {
            long r = (long) PREAD.invokeExact(st, fd, MemorySegment.ofBuffer(buf), (long) buf.remaining(), offset);
            return r < 0 ? -errno(st) : r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** One pwrite from the buffer's remaining bytes; does not move the buffer's position. */
    static long pwrite(int fd, ByteBuffer buf, long offset) {
        MemorySegment st = STATE.get();
        try {
            long r = (long) PWRITE.invokeExact(st, fd, MemorySegment.ofBuffer(buf), (long) buf.remaining(), offset);
            return r < 0 ? -errno(st) : r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * fcntl with an OFD lock command on one byte range. For F_OFD_GETLK, returns the type of a
     * conflicting lock ({@link #F_UNLCK} when there is none); for F_OFD_SETLK, 0. Minus errno
     * on failure.
     */
    static int ofdLock(int fd, int cmd, short type, long start, long len) {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fl = a.allocate(FLOCK_SIZE, 8);
            fl.set(ValueLayout.JAVA_SHORT, L_TYPE, type);
            fl.set(ValueLayout.JAVA_SHORT, L_WHENCE, SEEK_SET);
            fl.set(ValueLayout.JAVA_LONG, L_START, start);
            fl.set(ValueLayout.JAVA_LONG, L_LEN, len);
            fl.set(ValueLayout.JAVA_INT, L_PID, 0); // OFD commands refuse any other pid
            int r = (int) FCNTL.invokeExact(st, fd, cmd, fl);
            if (r < 0) return -errno(st);
            return cmd == F_OFD_GETLK ? fl.get(ValueLayout.JAVA_SHORT, L_TYPE) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int fdatasync(int fd) {
        return intCall(FDATASYNC, fd);
    }

    static int ftruncate(int fd, long length) {
        MemorySegment st = STATE.get();
        try {
            int r = (int) FTRUNCATE.invokeExact(st, fd, length);
            return r < 0 ? -errno(st) : r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int fallocate(int fd, int mode, long offset, long length) {
        MemorySegment st = STATE.get();
        try {
            int r = (int) FALLOCATE.invokeExact(st, fd, mode, offset, length);
            return r < 0 ? -errno(st) : r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long lseek(int fd, long offset, int whence) {
        MemorySegment st = STATE.get();
        try {
            long r = (long) LSEEK.invokeExact(st, fd, offset, whence);
            return r < 0 ? -errno(st) : r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** fstat; throws PosixError on failure (it cannot fail on an open descriptor in practice). */
    static Stat fstat(int fd) throws PosixError {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(STAT_SIZE, 8);
            int r = (int) FSTAT.invokeExact(st, fd, buf);
            if (r < 0) throw new PosixError(errno(st));
            return stat(buf);
        } catch (PosixError e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static Stat stat(String path) throws PosixError {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(STAT_SIZE, 8);
            int r = (int) STAT.invokeExact(st, a.allocateFrom(path), buf);
            if (r < 0) throw new PosixError(errno(st));
            return stat(buf);
        } catch (PosixError e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Stat stat(MemorySegment buf) {
        return new Stat(buf.get(ValueLayout.JAVA_INT, ST_MODE), buf.get(ValueLayout.JAVA_LONG, ST_SIZE),
                buf.get(ValueLayout.JAVA_LONG, ST_BLOCKS) * 512);
    }

    private static int intCall(MethodHandle h, int fd) {
        MemorySegment st = STATE.get();
        try {
            int r = (int) h.invokeExact(st, fd);
            return r < 0 ? -errno(st) : r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** An errno from a call that has no other way to report it. */
    static final class PosixError extends Exception {
        private static final long serialVersionUID = 1L;
        final int errno;

        PosixError(int errno) {
            super("errno " + errno, null, false, false);
            this.errno = errno;
        }
    }
}
