package org.blockspec.engine.qmp.schema;

import java.util.Locale;

/**
 * Byte counts with QEMU's suffixes (k, M, G, T, P, E; powers of 1024) as accepted on
 * command lines and by qemu-io: {@code 64k}, {@code 1M}, {@code 0x1000}, {@code 512}.
 */
public final class SizeSuffix {
    private SizeSuffix() {
    }

    /** @throws NumberFormatException for anything that is not a non-negative size */
    public static long parse(String s) {
        String t = s.trim();
        if (t.isEmpty()) throw new NumberFormatException("empty size");
        if (t.toLowerCase(Locale.ROOT).startsWith("0x")) {
            long v = Long.parseLong(t.substring(2), 16);
            if (v < 0) throw new NumberFormatException(s);
            return v;
        }
        int shift = switch (Character.toLowerCase(t.charAt(t.length() - 1))) {
            case 'b' -> 0;
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            case 'p' -> 50;
            case 'e' -> 60;
            default -> -1;
        };
        String digits = shift >= 0 ? t.substring(0, t.length() - 1) : t;
        if (shift < 0) shift = 0;
        if (digits.isEmpty() || digits.charAt(0) == '-' || digits.charAt(0) == '+') throw new NumberFormatException(s);
        if (digits.contains(".")) {
            double d = Double.parseDouble(digits);
            double v = d * (1L << shift);
            if (!(v >= 0) || v >= 0x1p63) throw new NumberFormatException(s);
            return (long) v;
        }
        long base = Long.parseLong(digits);
        if (shift > 0 && base > (Long.MAX_VALUE >> shift)) throw new NumberFormatException(s);
        return base << shift;
    }
}
