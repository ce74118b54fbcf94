package org.blockspec.dsl.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.blockspec.dsl.exec.GraphModel;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.DriverKind;

/**
 * One scenario's page: every step with its outcome and time, its QMP exchange (collapsed),
 * the events, a picture of the graph after each step that changed it with the changes
 * listed, permission conflicts pointed out, and expected against actual for a failure.
 */
final class ScenarioPage {
    private final Function<String, DriverKind> kinds;

    ScenarioPage(Function<String, DriverKind> kinds) {
        this.kinds = kinds;
    }

    /** The pictures of a run, in step order: the data documentation reuses. */
    record Picture(int stepIndex, String svg, List<String> changes, PermissionConflict conflict, String undrawable,
                   List<String> graphText) {
    }

    List<Picture> pictures(ScenarioRun run, String prefix) {
        List<Picture> out = new ArrayList<>();
        Map<String, GraphModel> last = new HashMap<>();
        for (int i = 0; i < run.steps().size(); i++) {
            StepRun s = run.steps().get(i);
            if (s.graph() == null) continue;
            PermissionConflict conflict = null;
            for (StepRun.Exchange e : s.exchanges()) {
                if (e.error() && conflict == null) conflict = PermissionConflict.parse(errorDesc(e.reply()));
            }
            String process = s.graph().process();
            GraphModel now;
            try {
                now = new GraphModel(s.graph().graph(), s.graph().namedNodes());
                now.lines();
            } catch (RuntimeException e) {
                out.add(new Picture(i, null, List.of(), conflict, "the graph QMP returned cannot be read ("
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                        List.of(QmpJson.write(s.graph().graph()))));
                continue;
            }
            GraphModel before = last.getOrDefault(process, empty());
            last.put(process, now);
            GraphScene scene = GraphScene.of(now, before, conflict, s.graph().namedNodes(), kinds);
            String title = "graph of " + process + " after line " + s.line();
            try {
                out.add(new Picture(i, GraphSvg.render(scene, prefix + i, title), scene.changes(), conflict, null,
                        now.lines()));
            } catch (GraphSvg.Undrawable e) {
                out.add(new Picture(i, null, scene.changes(), conflict, e.getMessage(), now.lines()));
            }
        }
        return out;
    }

    static GraphModel empty() {
        return new GraphModel(QmpJson.MAPPER.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("nodes",
                QmpJson.MAPPER.createArrayNode()).set("edges", QmpJson.MAPPER.createArrayNode()), QmpJson.MAPPER.createArrayNode());
    }

    private static String errorDesc(String reply) {
        try {
            return QmpJson.MAPPER.readTree(reply).path("error").path("desc").asText(null);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return null;
        }
    }

    String render(ScenarioRun run, String root, String prev, String next) {
        StringBuilder h = new StringBuilder();
        Pages.head(h, run.name() + " — blockspec", root);
        h.append("<header><h1>").append(Html.escape(run.name())).append("</h1>").append(Pages.status(run.status()))
                .append("<span><code>").append(Html.escape(run.file())).append(':').append(run.line()).append("</code></span>")
                .append("<span>").append(Pages.millis(run.nanos())).append("</span><span>backend: ")
                .append(Html.escape(run.backend())).append("</span><a href=\"").append(root).append("index.html\">all scenarios</a></header><main>");
        if (run.feature() != null) h.append("<p>Feature: <b>").append(Html.escape(run.feature())).append("</b></p>");
        if (!run.tags().isEmpty()) {
            h.append("<p>");
            for (String t : run.tags()) h.append("<span class=\"tag\">@").append(Html.escape(t)).append("</span>");
            h.append("</p>");
        }
        if (run.note() != null) h.append("<p class=\"undrawable\">").append(Html.escape(run.note())).append("</p>");
        if (run.failure() != null) {
            h.append("<div class=\"failure\" id=\"failure\"><b>line ").append(run.failure().line()).append(": ")
                    .append(Html.escape(run.failure().message())).append("</b>");
            StepRun failed = null;
            int index = -1;
            for (int i = 0; i < run.steps().size(); i++) {
                if (run.steps().get(i).status() == ScenarioRun.Status.FAILED) {
                    failed = run.steps().get(i);
                    index = i;
                }
            }
            if (index >= 0) h.append(" <a href=\"#step-").append(index + 1).append("\">go to the step</a>");
            versus(h, run.failure(), failed);
            h.append("</div>");
        }
        List<Picture> pictures = pictures(run, "g");
        Map<Integer, Picture> byStep = new HashMap<>();
        for (Picture p : pictures) byStep.put(p.stepIndex(), p);
        if (!pictures.isEmpty()) Pages.legend(h);
        for (int i = 0; i < run.steps().size(); i++) step(h, run.steps().get(i), i + 1, byStep.get(i));
        h.append("<nav class=\"pager\"><span>");
        if (prev != null) h.append("<a rel=\"prev\" href=\"").append(prev).append("\">← previous scenario</a>");
        h.append("</span><span>");
        if (next != null) h.append("<a rel=\"next\" href=\"").append(next).append("\">next scenario →</a>");
        h.append("</span></nav></main></body></html>\n");
        return h.toString();
    }

    private static void step(StringBuilder h, StepRun s, int n, Picture p) {
        String cls = s.status().name().toLowerCase(Locale.ROOT);
        h.append("<section class=\"step ").append(cls).append("\" id=\"step-").append(n).append("\"><div class=\"head\">")
                .append("<span class=\"line\">").append(s.line()).append("</span><pre class=\"src\">").append(Html.escape(s.text()))
                .append("</pre>");
        if (s.background()) h.append("<span class=\"bg\">background</span>");
        if (!s.process().equals("main")) h.append("<span class=\"bg\">process ").append(Html.escape(s.process())).append("</span>");
        h.append(Pages.status(s.status()));
        if (s.status() != ScenarioRun.Status.NOT_RUN) h.append("<span class=\"time\">").append(Pages.millis(s.nanos())).append("</span>");
        h.append("</div>");
        if (s.failure() != null) {
            h.append("<div class=\"failure\"><b>").append(Html.escape(s.failure().message())).append("</b>");
            versus(h, s.failure(), s);
            h.append("</div>");
        }
        if (!s.exchanges().isEmpty()) {
            h.append("<details class=\"qmp\"><summary>QMP and qemu-io (").append(s.exchanges().size()).append(")</summary>");
            for (StepRun.Exchange e : s.exchanges()) {
                String who = e.process().equals("main") ? "" : e.process() + " ";
                h.append("<pre class=\"req\">").append(Html.escape(who + "→ " + e.request())).append("</pre>");
                if (!e.reply().isEmpty()) {
                    h.append("<pre class=\"").append(e.error() ? "err" : "rep").append("\">")
                            .append(Html.escape(who + "← " + e.reply())).append("</pre>");
                }
            }
            h.append("</details>");
        }
        if (!s.events().isEmpty()) {
            h.append("<details class=\"events\" open><summary>events (").append(s.events().size()).append(")</summary>");
            for (String e : s.events()) h.append("<pre>").append(Html.escape(e)).append("</pre>");
            h.append("</details>");
        }
        if (p != null) picture(h, p);
        h.append("</section>");
    }

    static void picture(StringBuilder h, Picture p) {
        if (p.conflict() != null) {
            PermissionConflict c = p.conflict();
            h.append("<div class=\"conflict\"><b>Permission conflict</b> on <code>").append(Html.escape(c.node()))
                    .append("</code>: ").append(Html.escape(c.requiring().toString())).append(" (edge <code>")
                    .append(Html.escape(c.requiringEdge())).append("</code>) requires <b>")
                    .append(Html.escape(String.join(", ", c.perms()))).append("</b>, which ")
                    .append(Html.escape(c.unsharing().toString())).append(" (edge <code>").append(Html.escape(c.unsharingEdge()))
                    .append("</code>) does not share; the request was refused and the graph left as it was.<br>QEMU: <q>")
                    .append(Html.escape(c.message())).append("</q></div>");
        }
        if (p.svg() != null) {
            h.append("<div class=\"picture\">").append(p.svg()).append("</div>");
        } else {
            h.append("<div class=\"undrawable\">The graph cannot be drawn: ").append(Html.escape(p.undrawable()))
                    .append("<pre>").append(Html.escape(String.join("\n", p.graphText()))).append("</pre></div>");
        }
        if (!p.changes().isEmpty()) {
            h.append("<ul class=\"changes\">");
            for (String c : p.changes()) {
                String cls = c.startsWith("+") ? "add" : c.startsWith("-") ? "del" : "chg";
                h.append("<li class=\"").append(cls).append("\">").append(Html.escape(c)).append("</li>");
            }
            h.append("</ul>");
        }
    }

    /** Expected against actual, side by side, from the failure's lines. */
    static void versus(StringBuilder h, ScenarioRun.Failure f, StepRun step) {
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        List<String> other = new ArrayList<>();
        boolean inGraph = false;
        for (String d : f.details()) {
            if (d.equals("actual graph:")) {
                inGraph = true;
            } else if (inGraph) {
                actual.add(d.strip());
            } else if (d.startsWith("expected:")) {
                expected.add(d.substring("expected:".length()).strip());
            } else if (d.startsWith("actual:") || d.startsWith("seen:")) {
                actual.add(d.substring(d.indexOf(':') + 1).strip());
            } else {
                other.add(d);
            }
        }
        if (expected.isEmpty() && inGraph && step != null) expected.add(step.text());
        if (!other.isEmpty()) {
            h.append("<pre>").append(Html.escape(String.join("\n", other))).append("</pre>");
        }
        if (expected.isEmpty() && actual.isEmpty()) return;
        h.append("<div class=\"versus\"><div><h4>expected</h4><pre>").append(Html.escape(String.join("\n", expected)))
                .append("</pre></div><div><h4>actual</h4><pre>").append(Html.escape(String.join("\n", actual)))
                .append("</pre></div></div>");
    }
}
