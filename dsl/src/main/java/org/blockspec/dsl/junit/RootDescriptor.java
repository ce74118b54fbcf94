package org.blockspec.dsl.junit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import org.blockspec.dsl.coverage.Coverage;

/** The engine's root: once every scenario has run, writes the HTML report (with its coverage page) when asked for. */
final class RootDescriptor extends EngineDescriptor implements Node<ExecutionContext> {
    RootDescriptor(UniqueId id) {
        super(id, "blockspec scenarios");
    }

    @Override
    public void after(ExecutionContext context) {
        if (context.site() == null) return;
        String coverage = null;
        try {
            List<Path> files = new ArrayList<>();
            files(this, files);
            coverage = Coverage.html(Coverage.of(files, new ArrayList<>()));
        } catch (RuntimeException e) {
            System.err.println("blockspec: no coverage page in the report: " + e);
        }
        context.site().write(this, coverage);
    }

    private static void files(TestDescriptor d, List<Path> out) {
        if (d instanceof FileDescriptor f) f.getSource().filter(FileSource.class::isInstance)
                .ifPresent(s -> out.add(((FileSource) s).getFile().toPath()));
        for (TestDescriptor c : d.getChildren()) files(c, out);
    }
}
