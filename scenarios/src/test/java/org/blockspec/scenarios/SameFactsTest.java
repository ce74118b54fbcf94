package org.blockspec.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.cucumber.FeatureCompiler;
import org.blockspec.dsl.model.GraphClaim;
import org.blockspec.dsl.model.Outcome;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.Step;
import org.blockspec.dsl.transcript.QmpNormalizer;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * Features that state the same facts as a .scenario file (same name under features/ and
 * library/) compile to the same steps: one model, two surface syntaxes. Positions and the
 * steps' source text differ; what runs must not.
 */
class SameFactsTest {
    static final DriverRegistry DRIVERS = DriverRegistry.load(SameFactsTest.class.getClassLoader());

    static Stream<String> pairs() throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("features"))) {
            for (Path f : s.sorted().toList()) {
                String name = f.getFileName().toString().replace(".feature", "");
                if (Files.exists(Path.of("library", name + ".scenario"))) names.add(name);
            }
        }
        assertTrue(names.size() >= 5, "features stating the same facts as .scenario files: " + names);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void compileToTheSameSteps(String name) throws Exception {
        List<Scenario> scenarios = new ScenarioCompiler(DRIVERS).compile(Path.of("library", name + ".scenario")).scenarios();
        List<Scenario> features = new FeatureCompiler(DRIVERS).compile(Path.of("features", name + ".feature")).model()
                .scenarios();
        assertEquals(scenarios.size(), features.size(), "number of scenarios");
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            Scenario f = features.get(i);
            assertTrue(f.name().startsWith(s.title()), f.name() + " states the facts of " + s.title());
            assertFalse(s.steps().isEmpty());
            assertEquals(describe(s), describe(f), s.title());
            assertEquals(s.tags(), f.tags(), s.title() + ": tags");
        }
    }

    /** A step as it runs: everything but where it is written and how. */
    static List<String> describe(Scenario s) {
        List<String> out = new ArrayList<>();
        for (Step step : s.steps()) out.add(step.process() + " " + describe(step));
        return out;
    }

    static String describe(Step step) {
        return switch (step) {
            case Step.CreateImage c -> "image " + c.name() + " " + c.format() + " " + c.size() + " " + c.backing() + " "
                    + c.backingFormat() + " " + c.options();
            case Step.Qmp q -> "qmp " + q.execute() + " " + QmpNormalizer.normalize(q.arguments(), null) + " "
                    + outcome(q.outcome());
            case Step.QemuIo io -> "io " + io.target() + " " + io.command() + " " + outcome(io.outcome());
            case Step.ExpectGraph g -> "graph " + (g.exact() ? "exactly " : "") + g.claims().stream()
                    .map(SameFactsTest::claim).sorted().toList();
            case Step.ExpectPerms p -> "perms " + p.parent() + " -> " + p.child() + " " + p.required() + " " + p.shared();
            case Step.ExpectEvent e -> "event " + e.name() + " " + e.data();
            case Step.ExpectLocks l -> "locks " + l.image() + " " + l.held() + " " + l.unshared();
            case Step.ExpectElapsed e -> "elapsed " + e.nanos();
            case Step.ExpectData d -> "data " + d.target() + " " + d.offset() + " " + d.length() + " " + d.check();
            case Step.StartJob j -> "job " + j.id() + " " + j.kind() + " " + QmpNormalizer.normalize(j.arguments(), null)
                    + " " + outcome(j.outcome());
            case Step.OnJob j -> "verb " + j.verb() + " " + j.blockJob() + " " + j.id() + " " + j.arguments() + " "
                    + outcome(j.outcome());
            case Step.Run r -> "run " + r.until() + " " + r.limitNanos();
            case Step.ExpectJob e -> "expect job " + e.id() + " " + e.state() + " " + e.fields();
            case Step.ExpectJobEvents e -> "job events " + e.id() + " " + e.events() + " " + e.exact();
        };
    }

    private static String claim(GraphClaim c) {
        return switch (c) {
            case GraphClaim.HasDriver h -> h.node() + ": " + h.driver();
            case GraphClaim.SameNode s -> s.a() + " = " + s.b();
            case GraphClaim.Edge e -> e.parent() + (e.parent().device() ? " (device)" : e.parent().job() ? " (job)" : "")
                    + " -> " + e.child();
        };
    }

    private static String outcome(Outcome o) {
        return switch (o) {
            case Outcome.Success s -> "succeeds";
            case Outcome.Returns r -> "returns " + r.value();
            case Outcome.Fails f -> "fails " + f.errorClass() + " " + f.desc();
        };
    }
}
