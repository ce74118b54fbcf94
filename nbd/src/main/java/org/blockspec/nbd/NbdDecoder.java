package org.blockspec.nbd;

import java.nio.ByteBuffer;

/**
 * Turns the bytes of the transmission phase into {@link NbdRequest}s, with QEMU's checks in
 * QEMU's order (nbd_co_receive_request): magic, oversized payloads, read-only, the export's
 * end, then flags. Nothing hostile gets past it: every offset and length of a decoded command
 * lies inside the export, and no payload larger than {@link Nbd#MAX_BUFFER_SIZE} is buffered.
 */
public final class NbdDecoder {
    /**
     * What the checks depend on, fixed once the client chose its export.
     *
     * @param size        export length in bytes
     * @param structured  structured replies were negotiated (allows the DF flag)
     * @param metaContext a metadata context was negotiated (allows NBD_CMD_BLOCK_STATUS)
     */
    public record Limits(long size, boolean readOnly, boolean structured, boolean metaContext) {
    }

    private final Limits limits;

    public NbdDecoder(Limits limits) {
        this.limits = limits;
    }

    /**
     * How many bytes the frame at the head of {@code in} (between position and limit) occupies
     * once complete: the header, plus the payload of a write the server will read.
     */
    public static int frameLength(ByteBuffer in) {
        if (in.remaining() < Nbd.REQUEST_SIZE) return Nbd.REQUEST_SIZE;
        int p = in.position();
        int type = Short.toUnsignedInt(in.getShort(p + 6));
        long len = Integer.toUnsignedLong(in.getInt(p + 24));
        boolean payload = in.getInt(p) == Nbd.REQUEST_MAGIC && type == Nbd.CMD_WRITE && len <= Nbd.MAX_BUFFER_SIZE;
        return Nbd.REQUEST_SIZE + (payload ? (int) len : 0);
    }

    /**
     * Decodes the frame at the head of {@code in}, consuming it, or returns null (consuming
     * nothing) while it is incomplete. A write's data is a view of {@code in}: handle the
     * request before refilling the buffer.
     */
    public NbdRequest decode(ByteBuffer in) {
        if (in.remaining() < frameLength(in)) return null;
        int magic = in.getInt();
        int flags = Short.toUnsignedInt(in.getShort());
        int type = Short.toUnsignedInt(in.getShort());
        long handle = in.getLong();
        long offset = in.getLong();
        long len = Integer.toUnsignedLong(in.getInt());
        if (magic != Nbd.REQUEST_MAGIC) {
            return new NbdRequest.Rejected(handle, "invalid magic (got 0x" + Integer.toHexString(magic) + ")", true);
        }
        if (type == Nbd.CMD_DISC) return new NbdRequest.Disconnect(handle);
        boolean buffered = type == Nbd.CMD_READ || type == Nbd.CMD_WRITE || type == Nbd.CMD_CACHE;
        if (buffered && len > Nbd.MAX_BUFFER_SIZE) {
            return new NbdRequest.Rejected(handle, "len (" + len + " ) is larger than max len ("
                    + Nbd.MAX_BUFFER_SIZE + ")", type == Nbd.CMD_WRITE);
        }
        ByteBuffer payload = null;
        if (type == Nbd.CMD_WRITE) {
            // A view, not a copy: valid until the caller reuses its buffer for the next frame.
            payload = in.slice(in.position(), (int) len);
            in.position(in.position() + (int) len);
        }
        String refusal = check(type, flags, offset, len);
        if (refusal != null) return new NbdRequest.Rejected(handle, refusal, false);
        return switch (type) {
            case Nbd.CMD_READ -> new NbdRequest.Read(handle, offset, (int) len, flags);
            case Nbd.CMD_WRITE -> new NbdRequest.Write(handle, offset, payload, flags);
            case Nbd.CMD_FLUSH -> new NbdRequest.Flush(handle);
            case Nbd.CMD_TRIM -> new NbdRequest.Trim(handle, offset, len, flags);
            case Nbd.CMD_CACHE -> new NbdRequest.Cache(handle, offset, len);
            case Nbd.CMD_WRITE_ZEROES -> new NbdRequest.WriteZeroes(handle, offset, len, flags);
            case Nbd.CMD_BLOCK_STATUS -> new NbdRequest.BlockStatus(handle, offset, len, flags);
            default -> new NbdRequest.Rejected(handle, "invalid request type (" + type + ") received", false);
        };
    }

    private String check(int type, int flags, long offset, long len) {
        boolean writes = type == Nbd.CMD_WRITE || type == Nbd.CMD_WRITE_ZEROES || type == Nbd.CMD_TRIM;
        if (limits.readOnly() && writes) return "Export is read-only";
        long size = limits.size();
        if (Long.compareUnsigned(offset, size) > 0 || len > size - offset) {
            return "operation past EOF; From: " + Long.toUnsignedString(offset) + ", Len: " + len + ", Size: " + size;
        }
        int valid = Nbd.CMD_FLAG_FUA;
        if (type == Nbd.CMD_READ && limits.structured()) valid |= Nbd.CMD_FLAG_DF;
        else if (type == Nbd.CMD_WRITE_ZEROES) valid |= Nbd.CMD_FLAG_NO_HOLE | Nbd.CMD_FLAG_FAST_ZERO;
        else if (type == Nbd.CMD_BLOCK_STATUS) valid |= Nbd.CMD_FLAG_REQ_ONE;
        if ((flags & ~valid) != 0) {
            return "unsupported flags for command " + Nbd.commandName(type) + " (got 0x" + Integer.toHexString(flags) + ")";
        }
        if (type == Nbd.CMD_BLOCK_STATUS) {
            if (len == 0) return "need non-zero length";
            if (!limits.metaContext()) return "CMD_BLOCK_STATUS not negotiated";
        }
        return null;
    }
}
