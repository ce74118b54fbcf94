package org.blockspec.dsl.junit;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.Node;

import org.blockspec.dsl.exec.ScratchDir;
import org.blockspec.dsl.report.ScenarioRun;
import org.blockspec.dsl.transcript.Transcript;
import org.blockspec.dsl.transcript.TranscriptRunner;

/** A QMP transcript ({@code .qmp}) replayed on a fresh engine: one test. */
final class TranscriptDescriptor extends AbstractTestDescriptor implements Node<ExecutionContext> {
    private final Transcript transcript;

    TranscriptDescriptor(UniqueId id, Transcript transcript) {
        super(id, transcript.title(), FileSource.from(transcript.file().toFile()));
        this.transcript = transcript;
    }

    @Override
    public Type getType() {
        return Type.TEST;
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
    public ExecutionContext execute(ExecutionContext context, DynamicTestExecutor dynamic) throws Exception {
        Path dir = ScratchDir.create("blockspec-transcript");
        TranscriptRunner.Result r;
        long t0 = System.nanoTime();
        try {
            r = TranscriptRunner.run(transcript, dir, new PrintStream(OutputStream.nullOutputStream()));
        } finally {
            ScratchDir.delete(dir);
        }
        List<String> lines = new ArrayList<>();
        for (TranscriptRunner.Failure f : r.failures()) lines.add("line " + f.line() + ": " + f.message());
        if (context.site() != null) {
            context.site().collector().add(transcript.file().toString(), 1, "QMP transcript", transcript.title(), List.of(),
                    ExecutionContext.BACKEND, r.passed() ? ScenarioRun.Status.PASSED : ScenarioRun.Status.FAILED,
                    System.nanoTime() - t0, r.passed() ? null : "the transcript differs from what QEMU answered", lines);
        }
        if (!r.passed()) {
            context.failed().set(true);
            StringBuilder sb = new StringBuilder();
            for (TranscriptRunner.Failure f : r.failures()) {
                sb.append(transcript.file()).append(':').append(f.line()).append(": ").append(f.message()).append('\n');
            }
            throw new ScenarioFailure(sb.toString());
        }
        return context;
    }
}
