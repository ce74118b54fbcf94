package org.blockspec.dsl.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.Node;

/** A file that does not compile: one failing test carrying every error of the file. */
final class InvalidFileDescriptor extends AbstractTestDescriptor implements Node<ExecutionContext> {
    private final String errors;
    private final java.nio.file.Path file;

    InvalidFileDescriptor(UniqueId id, java.nio.file.Path file, String errors) {
        super(id, "does not compile", FileSource.from(file.toFile()));
        this.errors = errors;
        this.file = file;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public ExecutionContext execute(ExecutionContext context, DynamicTestExecutor dynamic) {
        context.failed().set(true);
        if (context.site() != null) {
            context.site().collector().add(file.toString(), 1, null, getDisplayName(), java.util.List.of(),
                    ExecutionContext.BACKEND, org.blockspec.dsl.report.ScenarioRun.Status.FAILED, 0,
                    "the file does not compile", errors.lines().toList());
        }
        throw new ScenarioFailure(errors);
    }
}
