package org.blockspec.engine.spi;

/** The errno values the I/O path reports, with glibc's strerror text (QEMU prints it). */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    EROFS(30, "Read-only file system"),
    ERANGE(34, "Numerical result out of range"),
    ENOLCK(37, "No locks available"),
    ENOSYS(38, "Function not implemented"),
    EOVERFLOW(75, "Value too large for defined data type"),
    ENOTSUP(95, "Operation not supported"),
    ESHUTDOWN(108, "Cannot send after transport endpoint shutdown"),
    ENOMEDIUM(123, "No medium found"),
    ECANCELED(125, "Operation canceled");

    private final int code;
    private final String text;

    Errno(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() { return code; }

    public String text() { return text; }

    /** Maps an OS errno; codes without a constant here become EIO (what QEMU reports for surprises). */
    public static Errno of(int code) {
        for (Errno e : values()) if (e.code == code) return e;
        return EIO;
    }
}
