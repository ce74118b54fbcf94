package org.blockspec.dsl.report;

import org.blockspec.dsl.model.GraphClaim;
import org.blockspec.dsl.model.Outcome;
import org.blockspec.dsl.model.Step;

/** A step as the scenario wrote it, all of it: graph claims and an attached {@code expect error} included. */
final class StepText {
    private StepText() {
    }

    static String of(Step step) {
        StringBuilder sb = new StringBuilder(step.text());
        if (step instanceof Step.ExpectGraph g && step.text().endsWith("{")) {
            for (GraphClaim c : g.claims()) sb.append("\n    ").append(claim(c));
            sb.append("\n}");
        }
        Outcome outcome = switch (step) {
            case Step.Qmp q -> q.outcome();
            case Step.QemuIo io -> io.outcome();
            case Step.StartJob j -> j.outcome();
            case Step.OnJob j -> j.outcome();
            default -> null;
        };
        if (outcome instanceof Outcome.Fails f && f.pos() != null && f.pos().line() != step.pos().line()) {
            sb.append("\nexpect error ").append(f.errorClass() == null ? "" : f.errorClass() + " ").append(f.desc());
        } else if (outcome instanceof Outcome.Returns r && !step.text().contains("->")) {
            sb.append("\n-> return ").append(r.value());
        }
        return sb.toString();
    }

    static String claim(GraphClaim c) {
        return switch (c) {
            case GraphClaim.HasDriver h -> h.node() + ": " + h.driver();
            case GraphClaim.SameNode s -> s.a() + " = " + s.b();
            case GraphClaim.Edge e -> e.parent() + " -> " + e.child();
        };
    }
}
