package org.blockspec.dsl.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/** The engine's root: once every scenario has run, writes the HTML report when one was asked for. */
final class RootDescriptor extends EngineDescriptor implements Node<ExecutionContext> {
    RootDescriptor(UniqueId id) {
        super(id, "blockspec scenarios");
    }

    @Override
    public void after(ExecutionContext context) {
        if (context.site() != null) context.site().write(this, null);
    }
}
