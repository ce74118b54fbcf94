package org.blockspec.dsl.junit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.Node;

import org.blockspec.dsl.exec.EmbeddedBackend;
import org.blockspec.dsl.exec.Executor;
import org.blockspec.dsl.exec.ScratchDir;
import org.blockspec.dsl.exec.StepFailure;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.report.ScenarioRun;

/** One scenario (one variant of it): a test run on fresh engines in its own directory. */
final class ScenarioDescriptor extends AbstractTestDescriptor implements Node<ExecutionContext> {
    static final String SEGMENT = "scenario";

    private final Scenario scenario;
    private final String feature;
    private final Set<TestTag> tags = new LinkedHashSet<>();

    ScenarioDescriptor(UniqueId id, Scenario scenario, String feature) {
        super(id, scenario.name(), FileSource.from(scenario.file().toFile(),
                FilePosition.from(scenario.pos().line(), scenario.pos().column())));
        this.scenario = scenario;
        this.feature = feature;
        for (String t : scenario.tags()) if (TestTag.isValid(t)) tags.add(TestTag.create(t));
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public Set<TestTag> getTags() {
        return tags;
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.CONCURRENT;
    }

    @Override
    public SkipResult shouldBeSkipped(ExecutionContext context) {
        return context.skipAfterFailure();
    }

    @Override
    public ExecutionContext execute(ExecutionContext context, DynamicTestExecutor dynamic) throws IOException {
        Path dir = ScratchDir.create("blockspec-scenario");
        StepFailure failure;
        try (EmbeddedBackend backend = new EmbeddedBackend(dir, context.drivers(), scenario.realClock())) {
            failure = new Executor(context.reportDir(), context.recorder(feature)).run(scenario, backend);
        } finally {
            ScratchDir.delete(dir);
        }
        if (failure != null) {
            context.failed().set(true);
            throw new ScenarioFailure(failure.render());
        }
        return context;
    }

    @Override
    public void nodeSkipped(ExecutionContext context, TestDescriptor descriptor, SkipResult result) {
        if (context.site() == null) return;
        context.site().collector().add(scenario.file().toString(), scenario.pos().line(), feature, scenario.name(),
                scenario.tags(), ExecutionContext.BACKEND, ScenarioRun.Status.SKIPPED, 0, null, List.of());
    }

}
