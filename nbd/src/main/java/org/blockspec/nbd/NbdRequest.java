package org.blockspec.nbd;

import java.nio.ByteBuffer;

/**
 * One transmission-phase request after decoding and validation. A request the server must
 * refuse never becomes a command: it arrives as {@link Rejected}, carrying QEMU's message.
 * Offsets are unsigned on the wire; a decoded request's offset and length lie inside the export.
 */
public sealed interface NbdRequest {
    long handle();

    record Read(long handle, long offset, int length, int flags) implements NbdRequest {
        public boolean fua() { return (flags & Nbd.CMD_FLAG_FUA) != 0; }

        public boolean dontFragment() { return (flags & Nbd.CMD_FLAG_DF) != 0; }
    }

    record Write(long handle, long offset, ByteBuffer data, int flags) implements NbdRequest {
        public boolean fua() { return (flags & Nbd.CMD_FLAG_FUA) != 0; }
    }

    record WriteZeroes(long handle, long offset, long length, int flags) implements NbdRequest {
        public boolean fua() { return (flags & Nbd.CMD_FLAG_FUA) != 0; }

        public boolean noHole() { return (flags & Nbd.CMD_FLAG_NO_HOLE) != 0; }

        public boolean fastZero() { return (flags & Nbd.CMD_FLAG_FAST_ZERO) != 0; }
    }

    record Trim(long handle, long offset, long length, int flags) implements NbdRequest {
        public boolean fua() { return (flags & Nbd.CMD_FLAG_FUA) != 0; }
    }

    record Flush(long handle) implements NbdRequest {
    }

    record Cache(long handle, long offset, long length) implements NbdRequest {
    }

    record BlockStatus(long handle, long offset, long length, int flags) implements NbdRequest {
        public boolean reqOne() { return (flags & Nbd.CMD_FLAG_REQ_ONE) != 0; }
    }

    /** NBD_CMD_DISC: the client is leaving; no reply. */
    record Disconnect(long handle) implements NbdRequest {
    }

    /**
     * A request refused while decoding: answered with EINVAL and {@code message}; when
     * {@code disconnect}, bytes of it are still unread (bad magic, an oversized write), so the
     * connection closes after the reply.
     */
    record Rejected(long handle, String message, boolean disconnect) implements NbdRequest {
    }
}
