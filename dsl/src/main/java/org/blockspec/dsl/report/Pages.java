package org.blockspec.dsl.report;

import java.util.Locale;

/** Pieces every report page shares. */
final class Pages {
    private Pages() {
    }

    static void head(StringBuilder h, String title, String root) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
                .append("</title><meta name=\"viewport\" content=\"width=device-width\">")
                .append("<link rel=\"stylesheet\" href=\"").append(root).append("style.css\"></head><body>");
    }

    static String status(ScenarioRun.Status s) {
        String word = switch (s) {
            case PASSED -> "passed";
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
            case NOT_RUN -> "not run";
        };
        return "<span class=\"status " + s.name().toLowerCase(Locale.ROOT) + "\">" + word + "</span>";
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    static void legend(StringBuilder h) {
        h.append("<p class=\"legend\">Shapes: guest device (rounded box), format (ellipse), protocol (folded box), ")
                .append("filter (hexagon), job filter (dashed hexagon), block job (double box), export (slanted box). ")
                .append("Edges read parent → child with the child role; permissions <b class=\"req\">taken</b> (required), ")
                .append("<b class=\"shr\">shared</b> and <b class=\"blk\">blocked</b> for other users: ")
                .append("r consistent-read, w write, u write-unchanged, s resize. Green: added by the step; grey dashed: ")
                .append("removed; amber: permissions changed; red: a refused request and the edge that blocks it.</p>");
    }
}
