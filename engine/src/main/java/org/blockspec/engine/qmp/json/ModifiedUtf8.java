package org.blockspec.engine.qmp.json;

/**
 * QEMU's (modified) UTF-8 rules for QMP strings: one code point at a time, rejecting
 * truncated and overlong sequences (except C0 80 for U+0000), surrogates, noncharacters
 * and anything beyond U+10FFFF.
 */
final class ModifiedUtf8 {
    private static final int[] MIN = {0x80, 0x800, 0x10000, 0x200000, 0x4000000};

    private ModifiedUtf8() {
    }

    static boolean valid(int cp) {
        if (cp < 0 || cp > 0x10FFFF) return false;
        if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return false;
        return cp < 0xD800 || cp > 0xDFFF;
    }

    /**
     * Decodes the code point at {@code pos} (bytes past {@code end} read as NUL); returns it in
     * the low 32 bits and the position after it in the high 32 bits; a code point of -1 means invalid.
     */
    static long decode(byte[] s, int pos, int end) {
        int b = s[pos] & 0xff;
        int p = pos + 1;
        int cp;
        if (b < 0x80) {
            cp = b;
        } else if (b >= 0xfe || (b & 0x40) == 0) {
            cp = -1; // impossible byte, or a continuation byte where a sequence should start
        } else {
            int len = 0;
            int mask = 0x80;
            for (; (b & mask) != 0; mask >>= 1) len++;
            cp = b & (mask - 1);
            for (int i = 1; i < len; i++) {
                int c = p < end ? s[p] & 0xff : 0;
                if ((c & 0xc0) != 0x80) return pack(-1, p);
                p++;
                cp = (cp << 6) | (c & 0x3f);
            }
            if (!valid(cp) || (cp < MIN[len - 2] && !(cp == 0 && len == 2))) cp = -1;
        }
        return pack(cp, p);
    }

    private static long pack(int cp, int next) {
        return ((long) next << 32) | (cp & 0xffffffffL);
    }

    static int codePoint(long decoded) { return (int) decoded; }

    static int next(long decoded) { return (int) (decoded >>> 32); }
}
