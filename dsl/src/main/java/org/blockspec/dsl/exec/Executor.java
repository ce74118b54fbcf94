package org.blockspec.dsl.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.blockspec.dsl.model.DataCheck;
import org.blockspec.dsl.model.Outcome;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.ImageLockState;

/**
 * Runs a compiled scenario on a {@link Backend}, step by step, and stops at the first step
 * that does not do what the scenario says. A failure names the step's {@code file:line}, says
 * what was expected and what happened, and for graph-related failures writes the actual
 * graph as Graphviz DOT and Mermaid into the report directory.
 */
public final class Executor {
    private static final int CHUNK = 1 << 20;
    /** Events may trail the command that caused them (QEMU's device_del does); how long to wait. */
    private static final long EVENT_WAIT_NANOS = 1_000_000_000L;
    private static final long DELETION_WAIT_NANOS = 5_000_000_000L;

    private final Path reportDir;
    private final ExecutionListener listener;

    /** @param reportDir where failure graphs go; null to write none */
    public Executor(Path reportDir) {
        this(reportDir, ExecutionListener.NONE);
    }

    /** @param listener told about every step, exchange, event and graph (reports) */
    public Executor(Path reportDir, ExecutionListener listener) {
        this.reportDir = reportDir;
        this.listener = listener;
    }

    /** @return null when every step did what it should, else the first failure */
    public StepFailure run(Scenario scenario, Backend backend) {
        Session session = start(scenario, backend);
        StepFailure failure = null;
        for (Step step : scenario.steps()) {
            failure = session.run(step);
            if (failure != null) break;
        }
        session.finish(failure);
        return failure;
    }

    /** Runs a scenario's steps one at a time (for surfaces that report each step on its own). */
    public Session start(Scenario scenario, Backend backend) {
        return new Session(scenario, backend);
    }

    /** What one scenario's run remembers between steps: events checked, clock readings, its observer. */
    public final class Session {
        private final Scenario scenario;
        private final Backend backend;
        private final StepObserver observer = new StepObserver(listener);
        private final ExecutionListener told = observer.guarded();
        private final ObservedBackend observed;
        private final Backend b;
        private final long started = System.nanoTime();
        private final Map<String, Set<Integer>> consumed = new HashMap<>();
        private final Map<String, Long> stopwatch = new HashMap<>();
        private final JobChecks jobs = new JobChecks();

        private Session(Scenario scenario, Backend backend) {
            this.scenario = scenario;
            this.backend = backend;
            this.observed = observer.active() ? new ObservedBackend(backend, told) : null;
            this.b = observed != null ? observed : backend;
            told.scenarioStarted(scenario, backend.directory());
        }

        /** @return null when the step did what it should, else why not */
        public StepFailure run(Step step) {
            long t0 = System.nanoTime();
            if (observed != null) observed.step(step);
            told.stepStarted(step);
            StepFailure f;
            try {
                if (!stopwatch.containsKey(step.process())) stopwatch.put(step.process(), b.clockNanos(step.process()));
                f = step instanceof Step.ExpectElapsed e ? elapsed(e, b, stopwatch) : step(step, b, consumed, jobs);
            } catch (Backend.BackendException e) {
                f = fail(step, e.getMessage(), List.of());
            }
            if (f != null) f = withGraph(f, step, scenario, backend);
            observer.afterStep(step, backend);
            told.stepFinished(step, f, System.nanoTime() - t0);
            return f;
        }

        /** @param failure the scenario's failure, null when it passed */
        public void finish(StepFailure failure) {
            told.scenarioFinished(scenario, failure, System.nanoTime() - started);
        }
    }

    private StepFailure step(Step step, Backend b, Map<String, Set<Integer>> consumed, JobChecks jobs)
            throws Backend.BackendException {
        return switch (step) {
            case Step.CreateImage c -> {
                b.createImage(c.name(), c.format(), c.size(), c.backing(), c.backingFormat(), c.options());
                yield null;
            }
            case Step.Qmp q -> qmp(q, b);
            case Step.QemuIo io -> qemuIo(io, b);
            case Step.ExpectGraph g -> {
                List<String> problems = Checks.graph(g, graph(b, g.process()));
                yield problems == null ? null : fail(g, "the graph is not as expected", graphDetails(problems, b, g));
            }
            case Step.ExpectPerms p -> {
                List<String> problems = Checks.perms(p, graph(b, p.process()));
                yield problems == null ? null : fail(p, "permissions differ", problems);
            }
            case Step.ExpectEvent e -> event(e, b, consumed.computeIfAbsent(e.process(), k -> new HashSet<>()));
            case Step.ExpectData d -> data(d, b);
            case Step.ExpectElapsed e -> throw new IllegalStateException("handled by run");
            case Step.StartJob j -> qmp(j.asQmp(), b);
            case Step.OnJob o -> qmp(o.asQmp(), b);
            case Step.Run r -> failIf(r, "the run stopped early", jobs.run(r, b));
            case Step.ExpectJob e -> failIf(e, "the job is not as expected", jobs.expectJob(e, b));
            case Step.ExpectJobEvents e -> failIf(e, "the job's events are not as expected", jobs.expectEvents(e, b));
            case Step.ExpectLocks l -> {
                ImageLockState actual = b.locks(l.image());
                yield actual.equals(new ImageLockState(l.held(), l.unshared())) ? null
                        : fail(l, "the image locks differ", List.of(
                                "expected: holds " + Checks.set(l.held()) + " unshares " + Checks.set(l.unshared()),
                                "actual:   holds " + Checks.set(actual.held()) + " unshares " + Checks.set(actual.unshared())));
            }
        };
    }

    /** Virtual time is exact (to a millisecond); real time can only be checked as a minimum. */
    private static StepFailure elapsed(Step.ExpectElapsed e, Backend b, Map<String, Long> stopwatch)
            throws Backend.BackendException {
        long now = b.clockNanos(e.process());
        long actual = now - stopwatch.get(e.process());
        stopwatch.put(e.process(), now);
        boolean ok = b.realClock() ? actual >= e.nanos() : Math.abs(actual - e.nanos()) < 1_000_000;
        return ok ? null : fail(e, "the clock moved " + seconds(actual) + (b.realClock() ? ", less than " : ", not ")
                + seconds(e.nanos()), List.of(b.realClock() ? "real clock" : "virtual clock"));
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.6fs", nanos / 1e9);
    }

    private StepFailure qmp(Step.Qmp q, Backend b) throws Backend.BackendException {
        // Replies name the scenario's files as $DIR/..., the way the scenario names them.
        JsonNode reply = withDirVariable(b.qmp(q.process(), q.execute(), q.arguments()), b.directory().toString());
        JsonNode error = reply.get("error");
        switch (q.outcome()) {
            case Outcome.Success s -> {
                if (error != null) {
                    return fail(q, "the command failed", List.of(error.path("class").asText() + ": "
                            + error.path("desc").asText()));
                }
                if (q.execute().equals("device_del")) return awaitDeviceDeleted(q, b);
                return null;
            }
            case Outcome.Returns r -> {
                if (error != null) {
                    return fail(q, "the command failed", List.of(error.path("class").asText() + ": "
                            + error.path("desc").asText()));
                }
                String mismatch = r.value().mismatch(reply.get("return"), "return");
                return mismatch == null ? null : fail(q, "the reply is not as expected", List.of(mismatch,
                        "expected: " + r.value(), "actual:   " + QmpJson.write(reply.get("return"))));
            }
            case Outcome.Fails f -> {
                if (error == null) return fail(q, "the command succeeded but should have failed", List.of(
                        "expected: error " + (f.errorClass() == null ? "" : f.errorClass() + " ") + f.desc()));
                String cls = error.path("class").asText();
                String desc = error.path("desc").asText();
                if ((f.errorClass() == null || f.errorClass().equals(cls)) && f.desc().matches(desc)) return null;
                return fail(q, "the command failed differently", List.of(
                        "expected: " + (f.errorClass() == null ? "" : f.errorClass() + ": ") + f.desc(),
                        "actual:   " + cls + ": \"" + desc + "\""));
            }
        }
    }

    private static JsonNode withDirVariable(JsonNode n, String dir) {
        if (n.isTextual()) return com.fasterxml.jackson.databind.node.TextNode.valueOf(n.textValue().replace(dir, "$DIR"));
        if (n.isArray()) {
            var a = QmpJson.MAPPER.createArrayNode();
            n.forEach(e -> a.add(withDirVariable(e, dir)));
            return a;
        }
        if (!n.isObject()) return n;
        var o = QmpJson.MAPPER.createObjectNode();
        n.properties().forEach(e -> o.set(e.getKey(), withDirVariable(e.getValue(), dir)));
        return o;
    }

    /** Deletion completes when QEMU says so; wait for the device's DEVICE_DELETED. */
    private StepFailure awaitDeviceDeleted(Step.Qmp q, Backend b) throws Backend.BackendException {
        String id = q.arguments().path("id").asText();
        long deadline = System.nanoTime() + DELETION_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            for (JsonNode e : b.events(q.process())) {
                if (e.path("event").asText().equals("DEVICE_DELETED") && id.equals(e.path("data").path("device").asText())) {
                    return null;
                }
            }
            pause();
        }
        return fail(q, "device '" + id + "' was not deleted (no DEVICE_DELETED event)", List.of());
    }

    private StepFailure qemuIo(Step.QemuIo io, Backend b) throws Backend.BackendException {
        Backend.IoOutput out = b.qemuIo(io.process(), io.target(), io.command());
        List<String> complaints = new ArrayList<>();
        out.monitor().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(complaints::add);
        out.stderr().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(complaints::add);
        out.stdout().lines().filter(l -> l.contains(" failed: ") || l.startsWith("Pattern verification failed")
                || l.endsWith("failed")).forEach(complaints::add);
        switch (io.outcome()) {
            case Outcome.Fails f -> {
                for (String c : complaints) if (f.desc().matches(c)) return null;
                return fail(io, complaints.isEmpty() ? "qemu-io succeeded but should have failed"
                        : "qemu-io failed differently", expectedVsActual(f.desc().toString(), complaints));
            }
            default -> {
                return complaints.isEmpty() ? null : fail(io, "qemu-io failed", complaints);
            }
        }
    }

    private static List<String> expectedVsActual(String expected, List<String> actual) {
        List<String> out = new ArrayList<>();
        out.add("expected: " + expected);
        if (actual.isEmpty()) out.add("actual:   (nothing)");
        for (String a : actual) out.add("actual:   \"" + a + "\"");
        return out;
    }

    private StepFailure event(Step.ExpectEvent e, Backend b, Set<Integer> consumed) throws Backend.BackendException {
        long deadline = System.nanoTime() + EVENT_WAIT_NANOS;
        List<JsonNode> events;
        do {
            events = b.events(e.process());
            for (int i = 0; i < events.size(); i++) {
                if (consumed.contains(i)) continue;
                JsonNode ev = events.get(i);
                if (!ev.path("event").asText().equals(e.name())) continue;
                JsonNode data = ev.has("data") ? ev.get("data") : JsonNodeFactory.instance.objectNode();
                if (e.data().mismatch(data, "data") == null) {
                    consumed.add(i);
                    return null;
                }
            }
            pause();
        } while (System.nanoTime() < deadline);
        List<String> details = new ArrayList<>();
        details.add("expected: " + e.name() + " " + e.data());
        boolean any = false;
        for (int i = 0; i < events.size(); i++) {
            if (consumed.contains(i)) continue;
            JsonNode ev = events.get(i);
            details.add("seen:     " + ev.path("event").asText() + " " + QmpJson.write(ev.path("data")));
            if (ev.path("event").asText().equals(e.name())) {
                details.add("          (" + e.data().mismatch(ev.path("data"), "data") + ")");
            }
            any = true;
        }
        if (!any) details.add("seen:     no event since the last one checked");
        return fail(e, "no matching " + e.name() + " event", details);
    }

    private StepFailure data(Step.ExpectData d, Backend b) throws Backend.BackendException {
        long length = d.length() != null ? d.length() : b.length(d.process(), d.target()) - d.offset();
        for (long done = 0; done < length; done += CHUNK) {
            int n = (int) Math.min(CHUNK, length - done);
            long at = d.offset() + done;
            byte[] got = b.read(d.process(), d.target(), at, n);
            byte[] want = switch (d.check()) {
                case DataCheck.Pattern p -> filled(n, (byte) p.value());
                case DataCheck.Zeroes z -> new byte[n];
                case DataCheck.SameAs s -> b.read(d.process(), s.other(), at, n);
            };
            int i = java.util.Arrays.mismatch(got, want);
            if (i >= 0) {
                return fail(d, "data differs at offset " + (at + i) + " (0x" + Long.toHexString(at + i) + ")",
                        List.of(String.format("expected byte 0x%02x, read 0x%02x", want[i] & 0xff, got[i] & 0xff)));
            }
        }
        return null;
    }

    private static byte[] filled(int n, byte value) {
        byte[] a = new byte[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static GraphModel graph(Backend b, String process) throws Backend.BackendException {
        JsonNode g = b.qmp(process, "x-debug-query-block-graph", JsonNodeFactory.instance.objectNode());
        JsonNode n = b.qmp(process, "query-named-block-nodes", JsonNodeFactory.instance.objectNode());
        return new GraphModel(g.get("return"), n.get("return"));
    }

    private static List<String> graphDetails(List<String> problems, Backend b, Step.ExpectGraph g)
            throws Backend.BackendException {
        List<String> out = new ArrayList<>(problems);
        out.add("actual graph:");
        for (String l : graph(b, g.process()).lines()) out.add("  " + l);
        return out;
    }

    private static StepFailure failIf(Step step, String message, List<String> problems) {
        return problems == null ? null : fail(step, message, problems);
    }

    private static StepFailure fail(Step step, String message, List<String> details) {
        return new StepFailure(step.pos(), step.text(), message, List.copyOf(details), List.of(), null);
    }

    /** Graph-related failures carry the actual graph, and write it as DOT and Mermaid files. */
    private StepFailure withGraph(StepFailure f, Step step, Scenario s, Backend b) {
        if (!(step instanceof Step.ExpectGraph || step instanceof Step.ExpectPerms || step instanceof Step.Qmp
                || step instanceof Step.StartJob || step instanceof Step.ExpectJob)) {
            return f;
        }
        GraphModel g;
        try {
            g = graph(b, step.process());
        } catch (Backend.BackendException | RuntimeException e) {
            return f;
        }
        f = f.withGraph(g);
        if (reportDir == null) return f;
        try {
            Path dir = reportDir.resolve(safe(s.file().getFileName().toString()));
            Files.createDirectories(dir);
            String base = safe(s.name()) + "-line" + step.pos().line();
            Path dot = dir.resolve(base + ".dot");
            Path mmd = dir.resolve(base + ".mmd");
            Files.writeString(dot, g.dot());
            Files.writeString(mmd, g.mermaid());
            return f.withArtifacts(List.of(dot, mmd));
        } catch (IOException | RuntimeException e) {
            return f;
        }
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._=-]+", "_");
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
