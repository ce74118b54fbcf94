package org.blockspec.dsl.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The report's first page: totals, failures, results per tag and per file, and every scenario. */
final class IndexPage {
    private IndexPage() {
    }

    /** Passed, failed, skipped and time of a group of runs. */
    static final class Tally {
        int passed;
        int failed;
        int skipped;
        long nanos;

        void add(ScenarioRun r) {
            switch (r.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                default -> skipped++;
            }
            nanos += r.nanos();
        }
    }

    static String render(List<ScenarioRun> runs, Map<String, String> pages, boolean coverage) {
        Tally all = new Tally();
        Map<String, Tally> byTag = new TreeMap<>();
        Map<String, Tally> byFile = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long last = 0;
        TreeSet<String> backends = new TreeSet<>();
        for (ScenarioRun r : runs) {
            all.add(r);
            for (String t : r.tags()) byTag.computeIfAbsent(t, k -> new Tally()).add(r);
            if (r.tags().isEmpty()) byTag.computeIfAbsent("(no tag)", k -> new Tally()).add(r);
            byFile.computeIfAbsent(r.file(), k -> new Tally()).add(r);
            backends.add(r.backend());
            if (r.started() > 0) {
                first = Math.min(first, r.started());
                last = Math.max(last, r.started() + r.nanos() / 1_000_000);
            }
        }
        StringBuilder h = new StringBuilder();
        Pages.head(h, "blockspec report", "");
        h.append("<header><h1>blockspec report</h1><span class=\"totals\"><span class=\"passed\">").append(all.passed)
                .append(" passed</span><span class=\"failed\">").append(all.failed).append(" failed</span><span class=\"skipped\">")
                .append(all.skipped).append(" skipped</span></span><span>scenario time ").append(Pages.millis(all.nanos));
        if (last > 0) h.append(", wall clock ").append(Pages.millis((last - first) * 1_000_000));
        h.append("</span><span>backend: ").append(Html.escape(String.join(", ", backends))).append("</span>");
        if (coverage) h.append("<a href=\"coverage.html\">coverage</a>");
        h.append("</header><main>");
        List<ScenarioRun> failures = new ArrayList<>();
        for (ScenarioRun r : runs) if (r.status() == ScenarioRun.Status.FAILED) failures.add(r);
        if (!failures.isEmpty()) {
            h.append("<h2 class=\"failed\">Failures</h2><ul>");
            for (ScenarioRun r : failures) {
                h.append("<li><a class=\"scenario\" href=\"").append(pages.get(key(r))).append("\">").append(Html.escape(r.name()))
                        .append("</a> <code>").append(Html.escape(r.file())).append(':')
                        .append(r.failure() == null ? r.line() : r.failure().line()).append("</code> ")
                        .append(r.failure() == null ? "" : Html.escape(r.failure().message())).append("</li>");
            }
            h.append("</ul>");
        }
        table(h, "By tag", "tag", byTag, null);
        table(h, "By file", "file", byFile, "file-");
        h.append("<h2>Scenarios</h2>");
        String file = null;
        for (ScenarioRun r : runs) {
            if (!r.file().equals(file)) {
                if (file != null) h.append("</table>");
                file = r.file();
                h.append("<h3 id=\"file-").append(Html.slug(file)).append("\"><code>").append(Html.escape(file)).append("</code>");
                if (r.feature() != null) h.append(" — ").append(Html.escape(r.feature()));
                h.append("</h3><table><tr><th>scenario</th><th>status</th><th>time</th><th>tags</th></tr>");
            }
            h.append("<tr><td><a class=\"scenario\" href=\"").append(pages.get(key(r))).append("\">").append(Html.escape(r.name()))
                    .append("</a>");
            if (backends.size() > 1) h.append(" <span class=\"bg\">").append(Html.escape(r.backend())).append("</span>");
            h.append("</td><td>").append(Pages.status(r.status())).append("</td><td class=\"num\">").append(Pages.millis(r.nanos()))
                    .append("</td><td>");
            for (String t : r.tags()) h.append("<span class=\"tag\">@").append(Html.escape(t)).append("</span>");
            h.append("</td></tr>");
        }
        if (file != null) h.append("</table>");
        h.append("</main></body></html>\n");
        return h.toString();
    }

    static String key(ScenarioRun r) {
        return r.id() + " @" + r.backend();
    }

    private static void table(StringBuilder h, String title, String what, Map<String, Tally> rows, String anchor) {
        h.append("<h2>").append(title).append("</h2><table><tr><th>").append(what)
                .append("</th><th>passed</th><th>failed</th><th>skipped</th><th>time</th></tr>");
        for (Map.Entry<String, Tally> e : rows.entrySet()) {
            Tally t = e.getValue();
            h.append("<tr><td>");
            if (anchor != null) {
                h.append("<a href=\"#").append(anchor).append(Html.slug(e.getKey())).append("\"><code>")
                        .append(Html.escape(e.getKey())).append("</code></a>");
            } else {
                h.append(e.getKey().startsWith("(") ? Html.escape(e.getKey()) : "@" + Html.escape(e.getKey()));
            }
            h.append("</td><td class=\"num passed\">").append(t.passed).append("</td><td class=\"num failed\">").append(t.failed)
                    .append("</td><td class=\"num\">").append(t.skipped).append("</td><td class=\"num\">")
                    .append(Pages.millis(t.nanos)).append("</td></tr>");
        }
        h.append("</table>");
    }
}
