package org.blockspec.dsl.junit;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.ReportEntry;

import org.blockspec.dsl.report.ReportCollector;

/**
 * The HTML report of one execution ({@code blockspec.report.dir}): scenarios record into the
 * collector while they run; the site is written once all have finished. A report that cannot
 * be written is said on standard error and as a report entry ({@link #ERROR_KEY}), and
 * changes no test's outcome.
 */
record SiteReport(ReportCollector collector, Path dir, EngineExecutionListener listener) {
    static final String DIR_KEY = "blockspec.report.dir";
    static final String ERROR_KEY = "blockspec.report.error";
    static final String WRITTEN_KEY = "blockspec.report.written";

    void write(TestDescriptor root, String coverageHtml) {
        try {
            collector.write(dir, coverageHtml);
            listener.reportingEntryPublished(root, ReportEntry.from(WRITTEN_KEY, dir.resolve("index.html").toString()));
        } catch (IOException | RuntimeException e) {
            String why = "cannot write the report to " + dir + ": " + reason(e) + " (the test results stand as reported)";
            System.err.println("blockspec: " + why);
            listener.reportingEntryPublished(root, ReportEntry.from(ERROR_KEY, why));
        }
    }

    static String reason(Exception e) {
        if (e instanceof AccessDeniedException a) return a.getFile() + ": Permission denied";
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
