package org.blockspec.dsl.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * The {@link Scenarios}-annotated class, as a container whose source is that class: this is
 * what makes Surefire count the scenarios and write report files for them.
 */
final class MarkerDescriptor extends AbstractTestDescriptor implements Node<ExecutionContext> {
    static final String SEGMENT = "class";

    MarkerDescriptor(UniqueId id, Class<?> marker) {
        super(id, marker.getSimpleName(), ClassSource.from(marker));
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
