package org.blockspec.dsl.compile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as scenarios write them: {@code 8.9s}, {@code 250ms}, {@code 2min}. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|min)");

    private Durations() {
    }

    /** Nanoseconds; a word that is no duration is reported and counts as 0. */
    static long parse(Diagnostics diagnostics, Word w) {
        Matcher m = DURATION.matcher(w.text());
        if (!m.matches()) {
            diagnostics.error(w.pos(), "'" + w.text() + "' is not a duration", "write e.g. 8.9s, 250ms, 2min");
            return 0;
        }
        double scale = switch (m.group(2)) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            default -> 60e9;
        };
        return Math.round(Double.parseDouble(m.group(1)) * scale);
    }
}
