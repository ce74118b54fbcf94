package org.blockspec.engine.qmp.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * How QEMU writes JSON values that Jackson writes differently: strings escape every
 * character below 0x20 and from 0x7F up as {@code \\uXXXX} (upper-case hex, surrogate pairs
 * beyond the BMP), and doubles are C's {@code %.17g}.
 */
public final class QemuOutput {
    private QemuOutput() {
    }

    /** Character escapes for Jackson's writer, ASCII control characters and DEL included. */
    public static final CharacterEscapes ESCAPES = new CharacterEscapes() {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = asciiTable();

        private static int[] asciiTable() {
            int[] t = CharacterEscapes.standardAsciiEscapesForJSON();
            t[0x7F] = CharacterEscapes.ESCAPE_CUSTOM;
            return t;
        }

        @Override public int[] getEscapeCodesForAscii() { return ascii; }

        @Override public SerializableString getEscapeSequence(int ch) {
            return new SerializedString(String.format("\\u%04X", ch));
        }
    };

    /** C's printf("%.17g"): 17 significant digits, trailing zeros dropped, exponent below 1e-4 or from 1e17. */
    public static String double17g(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return 1 / d < 0 ? "-0" : "0";
        BigDecimal v = new BigDecimal(d).round(new MathContext(17, RoundingMode.HALF_EVEN));
        int exp = v.precision() - v.scale() - 1;
        if (exp < -4 || exp >= 17) {
            String digits = v.unscaledValue().abs().toString();
            String mantissa = stripZeros(digits.charAt(0) + "." + digits.substring(1));
            return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
                    + Math.abs(exp);
        }
        return stripZeros(v.setScale(Math.max(0, 16 - exp), RoundingMode.HALF_EVEN).toPlainString());
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
