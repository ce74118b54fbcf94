package org.blockspec.dsl.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.blockspec.dsl.exec.ExecutionListener;

/**
 * Gathers the runs of one test execution, from any number of threads, for a report: each
 * scenario through a recorder handed to its executor, and results that have no steps
 * (transcripts, files that do not compile, skipped scenarios) directly.
 */
public final class ReportCollector {
    private final Queue<ScenarioRun> runs = new ConcurrentLinkedQueue<>();

    /** A listener for one scenario's executor; the run is added when the scenario finishes. */
    public ExecutionListener recorder(String feature, String backend) {
        return new ScenarioRecorder(feature, backend, runs::add);
    }

    /** A result without steps: a transcript, a file that does not compile, a skipped scenario. */
    public void add(String file, int line, String feature, String name, List<String> tags, String backend,
                    ScenarioRun.Status status, long nanos, String failureMessage, List<String> details) {
        ScenarioRun.Failure f = failureMessage == null ? null : new ScenarioRun.Failure(line, failureMessage, details);
        runs.add(new ScenarioRun(ScenarioRun.id(file, name), file, line, feature, name, List.copyOf(tags), backend, status,
                nanos, System.currentTimeMillis() - nanos / 1_000_000, List.of(), f, null));
    }

    public List<ScenarioRun> runs() {
        List<ScenarioRun> out = new ArrayList<>(runs);
        out.sort(Results.ORDER);
        return out;
    }

    /** Writes the site; see {@link ReportSite#write}. */
    public void write(Path dir, String coverageHtml) throws IOException {
        ReportSite.write(dir, runs(), coverageHtml);
    }
}
