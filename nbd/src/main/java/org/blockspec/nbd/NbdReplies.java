package org.blockspec.nbd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Transmission-phase replies as bytes: simple replies and structured reply chunks. Data is
 * never copied: a read's payload goes out as its own buffer after the header.
 */
public final class NbdReplies {
    /** One base:allocation extent. */
    public record Extent(long length, int flags) {
    }

    private NbdReplies() {
    }

    public static ByteBuffer simple(long handle, int errno) {
        return ByteBuffer.allocate(16).putInt(Nbd.SIMPLE_REPLY_MAGIC).putInt(errno).putLong(handle).flip();
    }

    public static ByteBuffer chunkHeader(long handle, int flags, int type, int length) {
        return ByteBuffer.allocate(20).putInt(Nbd.STRUCTURED_REPLY_MAGIC).putShort((short) flags)
                .putShort((short) type).putLong(handle).putInt(length).flip();
    }

    /** NBD_REPLY_TYPE_OFFSET_DATA header and offset; the data follows. */
    public static ByteBuffer offsetDataHeader(long handle, long offset, int dataLength, boolean done) {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.put(chunkHeader(handle, done ? Nbd.REPLY_FLAG_DONE : 0, Nbd.REPLY_TYPE_OFFSET_DATA, 8 + dataLength));
        return b.putLong(offset).flip();
    }

    public static ByteBuffer offsetHole(long handle, long offset, int length, boolean done) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put(chunkHeader(handle, done ? Nbd.REPLY_FLAG_DONE : 0, Nbd.REPLY_TYPE_OFFSET_HOLE, 12));
        return b.putLong(offset).putInt(length).flip();
    }

    public static ByteBuffer blockStatus(long handle, int contextId, List<Extent> extents, boolean done) {
        int len = 4 + 8 * extents.size();
        ByteBuffer b = ByteBuffer.allocate(20 + len);
        b.put(chunkHeader(handle, done ? Nbd.REPLY_FLAG_DONE : 0, Nbd.REPLY_TYPE_BLOCK_STATUS, len));
        b.putInt(contextId);
        for (Extent e : extents) b.putInt((int) e.length()).putInt(e.flags());
        return b.flip();
    }

    /** NBD_REPLY_TYPE_ERROR with a message, the last chunk of its request. */
    public static ByteBuffer error(long handle, int errno, String message) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(20 + 6 + msg.length);
        b.put(chunkHeader(handle, Nbd.REPLY_FLAG_DONE, Nbd.REPLY_TYPE_ERROR, 6 + msg.length));
        return b.putInt(errno).putShort((short) msg.length).put(msg).flip();
    }

    /** The empty final chunk (NBD_REPLY_TYPE_NONE with DONE). */
    public static ByteBuffer none(long handle) {
        return chunkHeader(handle, Nbd.REPLY_FLAG_DONE, Nbd.REPLY_TYPE_NONE, 0);
    }
}
