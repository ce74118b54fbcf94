package org.blockspec.dsl.cucumber;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cucumber.java.Scenario;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.compile.StepBuilder;
import org.blockspec.dsl.exec.EmbeddedBackend;
import org.blockspec.dsl.exec.Executor;
import org.blockspec.dsl.exec.RecordingBackend;
import org.blockspec.dsl.exec.ScratchDir;
import org.blockspec.dsl.exec.StepFailure;
import org.blockspec.dsl.junit.ScenarioFiles;
import org.blockspec.dsl.junit.ScenarioFailure;
import org.blockspec.dsl.model.Step;

/**
 * A scenario Cucumber runs: compiled before its first step, on fresh engines in a directory of
 * its own, each Gherkin step running the model steps compiled from it through the same
 * {@link Executor} as {@code .scenario} files. A failure is reported at the Gherkin step that
 * states the verdict, with the step's QMP exchange and, for graph failures, the graphs attached.
 */
final class PickleRun implements AutoCloseable {
    /** Attachments stay small: reports of a whole library must not grow to hundreds of MB. */
    static final int EXCHANGE_LIMIT = 16 * 1024;

    private final Scenario cucumber;
    private final CompiledScenario compiled;
    private final Path dir;
    private final RecordingBackend backend;
    private final Executor.Session session;
    private final Map<Integer, Failed> failures = new HashMap<>();
    private int cursor = -1;
    private boolean failed;

    private record Failed(Step step, StepFailure failure, String exchange) {
    }

    private PickleRun(Scenario cucumber, CompiledScenario compiled) throws IOException {
        this.cucumber = cucumber;
        this.compiled = compiled;
        this.dir = ScratchDir.create("blockspec-feature");
        this.backend = new RecordingBackend(new EmbeddedBackend(dir, Drivers.get(), compiled.scenario().realClock()),
                EXCHANGE_LIMIT);
        this.session = new Executor(reportDir()).start(compiled.scenario(), backend);
    }

    /** Where failing graphs are written: {@code blockspec run --reports DIR}, else Maven's target directory. */
    private static Path reportDir() {
        return Path.of(System.getProperty("blockspec.reports.dir", "target/blockspec-reports"));
    }

    static PickleRun start(Scenario cucumber) {
        Source source = Source.of(cucumber.getUri());
        CompiledScenario compiled;
        try {
            compiled = new FeatureCompiler(Drivers.get()).compileAt(source.path(), source.text(), cucumber.getLine());
        } catch (CompileException e) {
            throw new ScenarioFailure(e.rendered());
        }
        try {
            return new PickleRun(cucumber, compiled);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A feature file's text, and the path its positions are reported with. */
    private record Source(Path path, String text) {
        static Source of(URI uri) {
            try {
                if ("classpath".equals(uri.getScheme())) {
                    String name = uri.getSchemeSpecificPart().replaceFirst("^/", "");
                    try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
                        if (in == null) throw new ScenarioFailure(uri + ": cannot read the feature file");
                        return new Source(Path.of(name), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
                Path p = Path.of(uri);
                return new Source(ScenarioFiles.shown(p), Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ScenarioFailure(uri + ": cannot read the feature file: " + e.getMessage());
            }
        }
    }

    void nextStep() {
        cursor++;
    }

    /** Runs what the current Gherkin step compiled to; throws the failure this step reports. */
    void step() {
        List<Step> steps = compiled.scenario().steps();
        List<StepBuilder.Placement> placements = compiled.placements();
        for (int i = 0; i < steps.size() && !failed; i++) {
            if (placements.get(i).action() != cursor) continue;
            backend.clear();
            StepFailure f = session.run(steps.get(i));
            if (f != null) {
                failed = true;
                failures.put(placements.get(i).verdict(), new Failed(steps.get(i), f, backend.take()));
            }
        }
        Failed f = failures.remove(cursor);
        if (f == null) return;
        Attachments.attach(cucumber, f.step(), f.failure(), f.exchange());
        throw new ScenarioFailure(f.failure().render());
    }

    @Override
    public void close() {
        backend.close();
        try {
            ScratchDir.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
