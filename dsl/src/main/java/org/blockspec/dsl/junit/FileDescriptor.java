package org.blockspec.dsl.junit;

import java.nio.file.Path;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.Node;

/** One scenario or transcript file: a container of its scenarios. */
final class FileDescriptor extends AbstractTestDescriptor implements Node<ExecutionContext> {
    static final String SEGMENT = "file";

    FileDescriptor(UniqueId id, Path file) {
        super(id, file.toString(), FileSource.from(file.toFile()));
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.CONCURRENT;
    }
}
