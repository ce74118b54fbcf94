package org.blockspec.dsl.exec;

import java.nio.file.Path;
import java.util.List;

import org.blockspec.dsl.model.SourcePos;

/**
 * Why a scenario failed: the step ({@code file:line} and its text), what went wrong, the
 * details a person needs (expected vs actual, a diff), files written for it (graphs), and for
 * graph-related failures the actual graph (null otherwise).
 */
public record StepFailure(SourcePos pos, String step, String message, List<String> details, List<Path> artifacts,
                          GraphModel graph) {
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(pos.file()).append(':').append(pos.line()).append(": ").append(message).append('\n');
        sb.append("    step: ").append(step).append('\n');
        for (String d : details) sb.append("    ").append(d.replace("\n", "\n    ")).append('\n');
        for (Path p : artifacts) sb.append("    graph written to ").append(p).append('\n');
        return sb.toString();
    }

    StepFailure withArtifacts(List<Path> files) {
        return new StepFailure(pos, step, message, details, files, graph);
    }

    StepFailure withGraph(GraphModel actual) {
        return new StepFailure(pos, step, message, details, artifacts, actual);
    }
}
