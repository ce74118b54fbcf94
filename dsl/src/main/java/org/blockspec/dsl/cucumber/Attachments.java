package org.blockspec.dsl.cucumber;

import java.util.ArrayList;
import java.util.List;

import io.cucumber.java.Scenario;

import org.blockspec.dsl.exec.StepFailure;
import org.blockspec.dsl.model.GraphClaim;
import org.blockspec.dsl.model.Step;
import org.blockspec.dsl.report.GraphScene;
import org.blockspec.dsl.report.GraphSvg;
import org.blockspec.engine.spi.DriverKind;

/**
 * What a failing step attaches to Cucumber's reports: the QMP exchange of the step and, when
 * the graph is involved, the expected graph (as written) and the actual one, as text and as
 * a picture. Each piece is capped, so the html and json reports stay small.
 */
final class Attachments {
    private Attachments() {
    }

    static void attach(Scenario scenario, Step step, StepFailure failure, String exchange) {
        if (!exchange.isEmpty()) scenario.attach(exchange, "text/plain", "QMP exchange of the step");
        if (step instanceof Step.ExpectGraph g) {
            scenario.attach(String.join("\n", expected(g)) + "\n", "text/plain", "expected graph");
        }
        if (failure.graph() != null) {
            String text = String.join("\n", failure.graph().lines()) + "\n";
            scenario.attach(cap(text), "text/plain", "actual graph");
            try {
                String svg = GraphSvg.render(GraphScene.of(failure.graph(), null, null, null, Attachments::kind), "actual",
                        "actual graph");
                if (svg.length() <= PickleRun.EXCHANGE_LIMIT * 4) scenario.attach(svg, "image/svg+xml", "actual graph");
            } catch (GraphSvg.Undrawable e) {
                scenario.log("actual graph not drawn: " + e.getMessage());
            }
        }
    }

    private static DriverKind kind(String driver) {
        var f = Drivers.get().get(driver);
        return f == null ? null : f.kind();
    }

    /** The claims of a graph check, as the scenario states them. */
    static List<String> expected(Step.ExpectGraph g) {
        List<String> out = new ArrayList<>();
        if (g.exact()) out.add("(exactly)");
        for (GraphClaim c : g.claims()) {
            out.add(switch (c) {
                case GraphClaim.HasDriver h -> h.node() + ": " + h.driver();
                case GraphClaim.SameNode s -> s.a() + " = " + s.b();
                case GraphClaim.Edge e -> e.parent() + " -> " + e.child();
            });
        }
        return out;
    }

    private static String cap(String s) {
        return s.length() <= PickleRun.EXCHANGE_LIMIT ? s
                : s.substring(0, PickleRun.EXCHANGE_LIMIT) + "\n... (" + (s.length() - PickleRun.EXCHANGE_LIMIT)
                + " more characters)\n";
    }
}
