package org.blockspec.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import org.blockspec.dsl.junit.BlockspecTestEngine;
import org.blockspec.dsl.junit.Shards;

/**
 * Runs scenarios ({@code .scenario} files and {@code .qmp} transcripts) through the JUnit
 * Platform with the blockspec engine, so the command line, Maven and IDEs run them the same way.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs scenarios (*.scenario, *.qmp) on fresh embedded engines.",
                "Without PATH, runs the project's scenario library (scenarios/library)."})
final class RunTool implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Scenario files or directories.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--tags", paramLabel = "EXPR", description = "Only scenarios whose tags match, e.g. 'perm & !slow'.")
    String tags;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write a JUnit XML report.")
    Path junitXml;

    @Option(names = "--jobs", paramLabel = "N", description = "Scenarios run at once (default: 1).")
    int jobs = 1;

    @Option(names = "--fail-fast", description = "Skip the remaining scenarios after the first failure.")
    boolean failFast;

    @Option(names = "--reports", paramLabel = "DIR", description = "Where failing graphs are written (default: ${DEFAULT-VALUE}).")
    Path reports = Path.of("blockspec-reports");

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write an HTML report (a static site: index.html, a page per scenario with graph pictures).")
    Path report;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only shard I of N: the same split on every machine, balanced by --durations.")
    String shard;

    @Option(names = "--durations", paramLabel = "FILE",
            description = "results.json of an earlier --report run: balances --shard by recorded durations.")
    Path durations;

    @Option(names = {"-v", "--verbose"}, description = "Print every scenario, not only failures.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        if (paths.isEmpty()) paths.add(CliPaths.library());
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                System.err.println("blockspec run: " + p + ": No such file or directory");
                return 2;
            }
            selectors.add(Files.isDirectory(p) ? DiscoverySelectors.selectDirectory(p.toFile())
                    : DiscoverySelectors.selectFile(p.toFile()));
        }
        if (jobs < 1) {
            System.err.println("blockspec run: --jobs must be at least 1");
            return 2;
        }
        if (shard != null) {
            try {
                Shards.Shard.parse(shard);
            } catch (IllegalArgumentException e) {
                System.err.println("blockspec run: --shard " + e.getMessage());
                return 2;
            }
        }
        if (durations != null) {
            try {
                org.blockspec.dsl.report.Results.read(durations);
            } catch (IOException e) {
                System.err.println("blockspec run: --durations " + (Files.exists(durations) ? e.getMessage()
                        : durations + ": No such file or directory"));
                return 2;
            }
        }
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameter("blockspec.reports.dir", reports.toString())
                .configurationParameter("blockspec.fail-fast", Boolean.toString(failFast))
                .configurationParameter("blockspec.execution.parallel.enabled", Boolean.toString(jobs > 1))
                .configurationParameter("blockspec.execution.parallel.config.strategy", "fixed")
                .configurationParameter("blockspec.execution.parallel.config.fixed.parallelism", Integer.toString(jobs));
        if (tags != null) {
            try {
                request.filters(TagFilter.includeTags(tags));
            } catch (RuntimeException e) {
                System.err.println("blockspec run: --tags " + tags + ": " + e.getMessage());
                return 2;
            }
        }
        if (shard != null) request.configurationParameter(Shards.KEY, shard);
        if (durations != null) request.configurationParameter(Shards.DURATIONS_KEY, durations.toString());
        String reportProblem = report == null ? null : ReportDirs.problem(report);
        if (report != null && reportProblem == null) {
            request.configurationParameter("blockspec.report.dir", report.toString());
        } else if (reportProblem != null) {
            System.err.println("blockspec run: --report " + report + ": " + reportProblem + "; running without a report");
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false).enableTestExecutionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false).addTestEngines(new BlockspecTestEngine()).build());
        ConsoleReport console = new ConsoleReport(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                Terminal.colours(), verbose);
        Path xmlDir = junitXml == null ? null : Files.createTempDirectory("blockspec-junit");
        if (xmlDir == null) {
            launcher.execute(built, console);
        } else {
            launcher.execute(built, console, new LegacyXmlReportGeneratingListener(xmlDir,
                    new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
            try (var s = Files.list(xmlDir)) {
                Path produced = s.filter(f -> f.toString().endsWith(".xml")).findFirst().orElseThrow();
                if (junitXml.toAbsolutePath().getParent() != null) Files.createDirectories(junitXml.toAbsolutePath().getParent());
                Files.move(produced, junitXml, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(xmlDir);
        }
        console.summary();
        if (console.reportError() != null) reportProblem = console.reportError();
        else if (console.reportWritten() != null) System.out.println("report: " + console.reportWritten());
        if (reportProblem != null) System.err.println("blockspec run: no report written: " + reportProblem);
        if (console.failed() > 0 || console.passed() + console.skipped() == 0) return 1;
        return reportProblem != null ? 2 : 0;
    }
}
