package org.blockspec.dsl.compile;

import java.util.regex.Pattern;

import org.blockspec.engine.qmp.schema.SizeSuffix;

/** Numbers as scenarios write them: decimal, negative, hex ({@code 0x10000}) or sizes ({@code 64k}, {@code 1G}). */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("[0-9]+(\\.[0-9]+)?[kKmMgGtTpPeE]");

    private Sizes() {
    }

    /** {@code 64k} becomes {@code 65536}; anything else is left alone. */
    static String normalize(String word) {
        return SIZE.matcher(word).matches() ? Long.toString(SizeSuffix.parse(word)) : word;
    }

    static Long parseOrNull(String word) {
        try {
            return word.startsWith("-") ? Long.parseLong(word) : SizeSuffix.parse(word);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
