package org.blockspec.dsl.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import org.blockspec.dsl.junit.ScenarioFiles;

/**
 * What {@code blockspec run} prints: a line per failing (or, verbose, every) scenario with
 * its file, the failure report, and a final {@code N passed, N failed} line.
 */
final class ConsoleReport implements TestExecutionListener {
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean colour;
    private final boolean verbose;
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final CancellationToken failFast;
    private volatile TestPlan plan;
    private volatile String reportError;
    private volatile String reportWritten;

    /** @param failFast cancelled at the first failure (--fail-fast), or null */
    ConsoleReport(PrintWriter out, boolean colour, boolean verbose, CancellationToken failFast) {
        this.out = out;
        this.colour = colour;
        this.verbose = verbose;
        this.failFast = failFast;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    int passed() { return passed.get(); }

    int failed() { return failed.get(); }

    int skipped() { return skipped.get(); }

    /** Why the HTML report could not be written, or null. */
    String reportError() { return reportError; }

    /** The report's index page once written, or null. */
    String reportWritten() { return reportWritten; }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((k, v) -> {
            if (k.equals("blockspec.report.error")) reportError = v;
            if (k.equals("blockspec.report.written")) reportWritten = v;
        });
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (!test.isTest()) {
            // A skipped container (a cancelled run skips whole files) reports no events for its tests.
            if (plan != null) plan.getDescendants(test).stream().filter(TestIdentifier::isTest)
                    .forEach(t -> executionSkipped(t, reason));
            return;
        }
        skipped.incrementAndGet();
        if (verbose) print(YELLOW, "SKIP", test, "    " + reason + "\n");
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) return;
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                passed.incrementAndGet();
                if (verbose) print(GREEN, "PASS", test, "");
            }
            case ABORTED -> {
                skipped.incrementAndGet();
                print(YELLOW, "SKIP", test, "");
            }
            case FAILED -> {
                failed.incrementAndGet();
                if (failFast != null) failFast.cancel();
                String why = result.getThrowable().map(Throwable::getMessage).orElse("failed");
                print(RED, "FAIL", test, why.endsWith("\n") ? why : why + "\n");
            }
        }
    }

    private synchronized void print(String colourCode, String word, TestIdentifier test, String details) {
        String where = test.getSource().filter(FileSource.class::isInstance)
                .map(s -> ScenarioFiles.shown(((FileSource) s).getFile().toPath()).toString()).orElse("");
        out.print((colour ? colourCode + word + RESET : word) + " " + where + ": " + test.getDisplayName() + "\n"
                + details);
        out.flush();
    }

    void summary() {
        String line = passed.get() + " passed, " + failed.get() + " failed"
                + (skipped.get() > 0 ? ", " + skipped.get() + " skipped" : "");
        out.println(colour ? (failed.get() > 0 ? RED : GREEN) + line + RESET : line);
        out.flush();
    }
}
