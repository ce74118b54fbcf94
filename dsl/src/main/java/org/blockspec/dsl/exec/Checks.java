package org.blockspec.dsl.exec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.blockspec.dsl.model.GraphClaim;
import org.blockspec.dsl.model.GraphRef;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.spi.PermSet;

/**
 * The graph and permission checks, evaluated against a {@link GraphModel}. Each returns null
 * when it holds, else the lines of the failure report.
 */
final class Checks {
    private Checks() {
    }

    static List<String> graph(Step.ExpectGraph g, GraphModel actual) {
        List<String> problems = new ArrayList<>();
        Set<GraphModel.Vertex> seen = new LinkedHashSet<>();
        Set<GraphModel.Edge> used = new LinkedHashSet<>();
        for (GraphClaim c : g.claims()) {
            String p = switch (c) {
                case GraphClaim.HasDriver h -> {
                    GraphModel.Vertex v = find(actual, h.node(), seen, used, problems);
                    if (v == null) yield null;
                    yield h.driver().equals(v.driver()) ? null
                            : h.node() + " is a " + v.driver() + " node, not " + h.driver();
                }
                case GraphClaim.SameNode s -> {
                    GraphModel.Vertex a = find(actual, s.a(), seen, used, problems);
                    GraphModel.Vertex b = find(actual, s.b(), seen, used, problems);
                    if (a == null || b == null || a == b) yield null;
                    yield s.a() + " is " + actual.label(a) + ", not " + s.b();
                }
                case GraphClaim.Edge e -> {
                    GraphModel.Vertex a = find(actual, e.parent(), seen, used, problems);
                    GraphModel.Vertex b = find(actual, e.child(), seen, used, problems);
                    if (a == null || b == null) yield null;
                    GraphModel.Edge found = null;
                    for (GraphModel.Edge x : actual.edges()) if (x.parent() == a && x.child() == b) found = x;
                    if (found == null) yield "no edge from " + e.parent() + " to " + e.child();
                    used.add(found);
                    yield null;
                }
            };
            if (p != null) problems.add("line " + c.pos().line() + ": " + p);
        }
        if (g.exact()) {
            for (GraphModel.Vertex v : actual.vertices()) {
                // Unnamed BlockBackends (a job's target, an export) have no name a scenario could write.
                if (v.backend() && actual.label(v).startsWith("<backend ")) continue;
                if (!seen.contains(v)) {
                    problems.add("not expected: " + (v.backend() ? "device " : v.job() ? "job " : "") + actual.label(v));
                }
            }
            for (GraphModel.Edge e : actual.edges()) {
                if (!used.contains(e) && seen.contains(e.parent()) && seen.contains(e.child())) {
                    problems.add("not expected: edge " + actual.label(e.parent()) + " -" + e.name() + "-> "
                            + actual.label(e.child()));
                }
            }
        }
        return problems.isEmpty() ? null : problems;
    }

    private static GraphModel.Vertex find(GraphModel g, GraphRef ref, Set<GraphModel.Vertex> seen,
                                          Set<GraphModel.Edge> used, List<String> problems) {
        switch (g.resolve(ref)) {
            case GraphModel.Resolved.Found f -> {
                used.addAll(f.via());
                for (GraphModel.Edge e : f.via()) seen.add(e.parent());
                seen.add(f.vertex());
                return f.vertex();
            }
            case GraphModel.Resolved.Missing m -> {
                problems.add("line " + ref.pos().line() + ": " + ref + ": " + m.why());
                return null;
            }
        }
    }

    static List<String> perms(Step.ExpectPerms p, GraphModel actual) {
        GraphModel.Resolved parent = actual.resolve(p.parent());
        if (parent instanceof GraphModel.Resolved.Missing m) return List.of(p.parent() + ": " + m.why());
        GraphModel.Vertex pv = ((GraphModel.Resolved.Found) parent).vertex();
        PermSet perm;
        PermSet shared;
        String what;
        if (p.child() == null) {
            PermSet[] c = actual.cumulative(pv);
            perm = c[0];
            shared = c[1];
            what = "all parents of " + p.parent() + " together";
        } else {
            GraphModel.Resolved child = actual.resolve(p.child());
            if (child instanceof GraphModel.Resolved.Missing m) return List.of(p.child() + ": " + m.why());
            GraphModel.Vertex cv = ((GraphModel.Resolved.Found) child).vertex();
            GraphModel.Edge edge = null;
            for (GraphModel.Edge e : actual.edges()) if (e.parent() == pv && e.child() == cv) edge = e;
            if (edge == null) return List.of("no edge from " + p.parent() + " to " + p.child());
            perm = edge.perm();
            shared = edge.shared();
            what = "edge " + actual.label(pv) + " -" + edge.name() + "-> " + actual.label(cv);
        }
        if (perm.equals(p.required()) && shared.equals(p.shared())) return null;
        return List.of(what,
                "expected: requires " + set(p.required()) + " shares " + set(p.shared()),
                "actual:   requires " + set(perm) + " shares " + set(shared));
    }

    static String set(PermSet s) {
        return "{" + String.join(", ", s.qmpNames().reversed()) + "}";
    }
}
