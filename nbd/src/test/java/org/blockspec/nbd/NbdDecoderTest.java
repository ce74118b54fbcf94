package org.blockspec.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** The request decoder refuses what QEMU 7.2 refuses, with its texts (probed on qemu-storage-daemon). */
class NbdDecoderTest {
    private static final long SIZE = 1 << 20;
    private final NbdDecoder rw = new NbdDecoder(new NbdDecoder.Limits(SIZE, false, true, true));
    private final NbdDecoder ro = new NbdDecoder(new NbdDecoder.Limits(SIZE, true, true, true));

    static ByteBuffer frame(int magic, int flags, int type, long handle, long offset, long len, int payload) {
        return ByteBuffer.allocate(28 + payload).putInt(magic).putShort((short) flags).putShort((short) type)
                .putLong(handle).putLong(offset).putInt((int) len).position(0);
    }

    private static String rejected(NbdRequest r) {
        return assertInstanceOf(NbdRequest.Rejected.class, r).message();
    }

    @Test
    void decodesAReadAndWaitsForWholeFrames() {
        ByteBuffer f = frame(Nbd.REQUEST_MAGIC, 0, Nbd.CMD_READ, 7, 4096, 512, 0);
        assertNull(rw.decode(f.slice(0, 27)), "27 bytes are not a request yet");
        NbdRequest.Read r = assertInstanceOf(NbdRequest.Read.class, rw.decode(f));
        assertEquals(4096, r.offset());
        assertEquals(512, r.length());
        assertEquals(7, r.handle());
        assertEquals(0, f.remaining());
    }

    @Test
    void aWriteIncludesItsPayload() {
        ByteBuffer f = frame(Nbd.REQUEST_MAGIC, 0, Nbd.CMD_WRITE, 1, 0, 4, 4);
        f.position(28).put(new byte[] {1, 2, 3, 4}).position(0);
        assertEquals(32, NbdDecoder.frameLength(f));
        assertNull(rw.decode(f.slice(0, 31)));
        NbdRequest.Write w = assertInstanceOf(NbdRequest.Write.class, rw.decode(f));
        assertEquals(4, w.data().remaining());
        assertEquals(3, w.data().get(2));
    }

    @Test
    void refusalsCarryQemusTexts() {
        assertEquals("invalid magic (got 0x12345678)", rejected(rw.decode(frame(0x12345678, 0, 0, 9, 0, 512, 0))));
        assertEquals("len (67108864 ) is larger than max len (33554432)",
                rejected(rw.decode(frame(Nbd.REQUEST_MAGIC, 0, Nbd.CMD_READ, 1, 0, 64 << 20, 0))));
        assertEquals("operation past EOF; From: 1048576, Len: 512, Size: 1048576",
                rejected(rw.decode(frame(Nbd.REQUEST_MAGIC, 0, Nbd.CMD_READ, 1, SIZE, 512, 0))));
        assertEquals("operation past EOF; From: 18446744073709551104, Len: 1024, Size: 1048576",
                rejected(rw.decode(frame(Nbd.REQUEST_MAGIC, 0, Nbd.CMD_READ, 1, -512, 1024, 0))));
        assertEquals("Export is read-only", rejected(ro.decode(frame(Nbd.REQUEST_MAGIC, 0, Nbd.CMD_TRIM, 1, 0, 512, 0))));
        assertEquals("unsupported flags for command read (got 0x8000)",
                rejected(rw.decode(frame(Nbd.REQUEST_MAGIC, 0x8000, Nbd.CMD_READ, 1, 0, 512, 0))));
        assertEquals("invalid request type (42) received",
                rejected(rw.decode(frame(Nbd.REQUEST_MAGIC, 0, 42, 1, 0, 512, 0))));
        assertEquals("need non-zero length", rejected(rw.decode(frame(Nbd.REQUEST_MAGIC, 0, Nbd.CMD_BLOCK_STATUS, 1, 0, 0, 0))));
    }

    @Test
    void onlyUnreadPayloadsForceADisconnect() {
        NbdRequest.Rejected magic = (NbdRequest.Rejected) rw.decode(frame(1, 0, 0, 9, 0, 512, 0));
        assertTrue(magic.disconnect());
        NbdRequest.Rejected big = (NbdRequest.Rejected) rw.decode(frame(Nbd.REQUEST_MAGIC, 0, Nbd.CMD_WRITE, 1, 0, 64 << 20, 0));
        assertTrue(big.disconnect(), "a 64 MiB write payload is never read");
        ByteBuffer roWrite = frame(Nbd.REQUEST_MAGIC, 0, Nbd.CMD_WRITE, 1, 0, 8, 8);
        NbdRequest.Rejected refused = (NbdRequest.Rejected) ro.decode(roWrite);
        assertEquals(false, refused.disconnect(), "the payload was consumed, the stream stays in step");
        assertEquals(0, roWrite.remaining());
    }
}
