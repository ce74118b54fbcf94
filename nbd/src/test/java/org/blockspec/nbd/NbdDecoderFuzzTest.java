package org.blockspec.nbd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Bounded-budget fuzzing of the request decoder, reproducible (fixed seed): random and
 * mutated frames, fed whole and in random pieces. Whatever arrives, the decoder must return
 * a request or ask for more, never throw, never consume bytes it was not given, and every
 * command it lets through must lie inside the export.
 */
class NbdDecoderFuzzTest {
    private static final long SEED = 0x6e6264L;
    private static final int FRAMES = 200_000;

    @Test
    void randomAndMutatedFramesNeverEscapeTheDecoder() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < FRAMES; i++) {
            long size = rnd.nextInt(4) == 0 ? rnd.nextLong() & Long.MAX_VALUE : rnd.nextInt(1 << 22);
            NbdDecoder d = new NbdDecoder(new NbdDecoder.Limits(size, rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean()));
            ByteBuffer stream = mutated(rnd, size);
            try {
                drain(d, stream, rnd, size);
            } catch (RuntimeException e) {
                fail("frame " + i + " (seed " + SEED + ") escaped the decoder: " + e, e);
            }
        }
    }

    /** A plausible frame (sometimes several), then a few bytes flipped, cut or added. */
    private static ByteBuffer mutated(Random rnd, long size) {
        int type = rnd.nextInt(10);
        long len = switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(4096);
            case 1 -> Integer.toUnsignedLong(rnd.nextInt());
            case 2 -> Nbd.MAX_BUFFER_SIZE + rnd.nextInt(3) - 1L;
            default -> rnd.nextInt(64);
        };
        long offset = rnd.nextBoolean() ? Math.floorMod(rnd.nextLong(), Math.max(size, 1)) : rnd.nextLong();
        int payload = type == Nbd.CMD_WRITE && len < 1 << 16 ? (int) len : rnd.nextInt(8);
        byte[] b = new byte[28 + payload + rnd.nextInt(40)];
        rnd.nextBytes(b);
        ByteBuffer f = ByteBuffer.wrap(b);
        f.putInt(rnd.nextInt(8) == 0 ? rnd.nextInt() : Nbd.REQUEST_MAGIC).putShort((short) (rnd.nextInt(6) == 0
                ? rnd.nextInt() : rnd.nextInt(32))).putShort((short) type).putLong(rnd.nextLong()).putLong(offset)
                .putInt((int) len);
        for (int flips = rnd.nextInt(3); flips > 0; flips--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        int cut = rnd.nextInt(5) == 0 ? rnd.nextInt(b.length + 1) : b.length;
        return ByteBuffer.wrap(b, 0, cut).slice();
    }

    private static void drain(NbdDecoder d, ByteBuffer stream, Random rnd, long size) {
        ByteBuffer window = stream.slice(0, 0);
        int end = stream.limit();
        int fed = 0;
        while (true) {
            int before = window.position();
            NbdRequest r = d.decode(window);
            if (r == null) {
                assertTrue(window.position() == before, "an incomplete frame consumed bytes");
                if (fed == end) return;
                fed = Math.min(end, fed + 1 + rnd.nextInt(64));
                window = grow(stream, before, fed);
                continue;
            }
            assertTrue(window.position() > before, "a request consumed nothing");
            check(r, size);
            if (r instanceof NbdRequest.Rejected rej && rej.disconnect()) return;
            if (r instanceof NbdRequest.Disconnect) return;
        }
    }

    private static ByteBuffer grow(ByteBuffer stream, int position, int fed) {
        ByteBuffer w = stream.duplicate();
        w.limit(fed).position(position);
        return w;
    }

    private static void check(NbdRequest r, long size) {
        switch (r) {
            case NbdRequest.Read x -> inside(x.offset(), x.length(), size);
            case NbdRequest.Write x -> inside(x.offset(), x.data().remaining(), size);
            case NbdRequest.WriteZeroes x -> inside(x.offset(), x.length(), size);
            case NbdRequest.Trim x -> inside(x.offset(), x.length(), size);
            case NbdRequest.Cache x -> inside(x.offset(), x.length(), size);
            case NbdRequest.BlockStatus x -> inside(x.offset(), x.length(), size);
            case NbdRequest.Flush x -> { }
            case NbdRequest.Disconnect x -> { }
            case NbdRequest.Rejected x -> assertTrue(!x.message().isEmpty());
        }
    }

    private static void inside(long offset, long length, long size) {
        assertTrue(offset >= 0 && length >= 0 && offset <= size && length <= size - offset,
                "command outside the export: " + offset + "+" + length + " of " + size);
    }
}
