package org.blockspec.engine.image;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Sizes for people, as QEMU's size_to_str prints them: three significant digits and a
 * binary unit, switching units when the number would reach 1000 ("196 KiB", "1.5 KiB").
 */
public final class HumanSize {
    private static final String[] SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    private HumanSize() {
    }

    public static String of(long bytes) {
        int exp = bytes == 0 ? 0 : Math.getExponent(bytes / (1000.0 / 1024.0)) + 1;
        int i = Math.max(0, (exp - 1) / 10);
        double value = (double) bytes / (1L << (i * 10));
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros();
        return rounded.toPlainString() + " " + SUFFIXES[i] + "B";
    }
}
