package org.blockspec.drivers.qcow2;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Compressed clusters: raw deflate streams that QEMU inflates with a 4 KiB window
 * (windowBits -12). Decompression uses the JDK's inflater; compression is our own small
 * encoder (greedy LZ77 over a 4 KiB window, fixed Huffman codes), because the JDK's
 * deflater always uses a 32 KiB window, whose back-references QEMU could not follow.
 */
final class Deflate {
    private static final int WINDOW = 4096;
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 258;
    private static final int HASH_BITS = 13;
    private static final int MAX_CHAIN = 64;
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
            59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4,
            4, 5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
            513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
            10, 11, 11, 12, 12, 13, 13};

    private Deflate() {
    }

    /**
     * Inflates {@code in} into all of {@code out}. True when a whole cluster came out, whether
     * or not the stream ended there (QEMU accepts both); false for a broken stream.
     */
    static boolean inflate(byte[] in, int inLength, byte[] out) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(in, 0, inLength);
            int done = 0;
            while (done < out.length) {
                int n = inf.inflate(out, done, out.length - done);
                done += n;
                if (n == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) break;
            }
            return done == out.length;
        } catch (DataFormatException e) {
            return false;
        } finally {
            inf.end();
        }
    }

    /**
     * Deflates {@code in} into {@code out}; returns the compressed length, or -1 when it does
     * not fit (the caller then stores the cluster uncompressed, as QEMU does).
     */
    static int deflate(byte[] in, byte[] out) {
        Bits w = new Bits(out);
        w.put(1, 1); // final block
        w.put(1, 2); // fixed Huffman codes
        int[] head = new int[1 << HASH_BITS];
        int[] prev = new int[WINDOW];
        java.util.Arrays.fill(head, -1);
        int i = 0;
        while (i < in.length) {
            int bestLen = 0;
            int bestDist = 0;
            if (i + MIN_MATCH <= in.length) {
                int h = hash(in, i);
                int cand = head[h];
                int chain = MAX_CHAIN;
                int maxLen = Math.min(MAX_MATCH, in.length - i);
                while (cand >= 0 && i - cand <= WINDOW && chain-- > 0) {
                    int len = 0;
                    while (len < maxLen && in[cand + len] == in[i + len]) len++;
                    if (len > bestLen) {
                        bestLen = len;
                        bestDist = i - cand;
                        if (len == maxLen) break;
                    }
                    int p = prev[cand & (WINDOW - 1)];
                    if (p >= cand) break;
                    cand = p;
                }
            }
            int step = bestLen >= MIN_MATCH ? bestLen : 1;
            if (bestLen >= MIN_MATCH) {
                putLength(w, bestLen);
                putDistance(w, bestDist);
            } else {
                putLiteral(w, in[i] & 0xff);
            }
            for (int k = 0; k < step; k++, i++) {
                if (i + MIN_MATCH <= in.length) {
                    int h = hash(in, i);
                    prev[i & (WINDOW - 1)] = head[h];
                    head[h] = i;
                }
            }
            if (w.overflow) return -1;
        }
        putSymbol(w, 256); // end of block
        return w.overflow ? -1 : w.finish();
    }

    private static int hash(byte[] b, int i) {
        int v = (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    private static void putLiteral(Bits w, int v) {
        putSymbol(w, v);
    }

    /** A literal/length symbol in the fixed Huffman code (RFC 1951, 3.2.6). */
    private static void putSymbol(Bits w, int sym) {
        if (sym < 144) w.putCode(0x30 + sym, 8);
        else if (sym < 256) w.putCode(0x190 + sym - 144, 9);
        else if (sym < 280) w.putCode(sym - 256, 7);
        else w.putCode(0xc0 + sym - 280, 8);
    }

    private static void putLength(Bits w, int len) {
        int code = 28;
        while (LENGTH_BASE[code] > len) code--;
        putSymbol(w, 257 + code);
        w.put(len - LENGTH_BASE[code], LENGTH_EXTRA[code]);
    }

    private static void putDistance(Bits w, int dist) {
        int code = 29;
        while (DIST_BASE[code] > dist) code--;
        w.putCode(code, 5);
        w.put(dist - DIST_BASE[code], DIST_EXTRA[code]);
    }

    /** A little-endian bit stream into a bounded buffer (deflate's bit order). */
    private static final class Bits {
        private final byte[] out;
        private int pos;
        private long acc;
        private int count;
        boolean overflow;

        Bits(byte[] out) {
            this.out = out;
        }

        void put(int value, int bits) {
            acc |= (long) value << count;
            count += bits;
            while (count >= 8) {
                if (pos >= out.length) {
                    overflow = true;
                    return;
                }
                out[pos++] = (byte) acc;
                acc >>>= 8;
                count -= 8;
            }
        }

        /** Huffman codes are defined most significant bit first. */
        void putCode(int code, int bits) {
            put(Integer.reverse(code) >>> (32 - bits), bits);
        }

        int finish() {
            if (count > 0) {
                if (pos >= out.length) return -1;
                out[pos++] = (byte) acc;
            }
            return pos;
        }
    }
}
