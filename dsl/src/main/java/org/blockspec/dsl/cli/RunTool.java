package org.blockspec.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import org.blockspec.dsl.cucumber.FeatureLaunch;
import org.blockspec.dsl.exec.ScratchDir;
import org.blockspec.dsl.junit.BlockspecTestEngine;
import org.blockspec.dsl.junit.Shards;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * Runs scenarios ({@code .scenario} files, {@code .qmp} transcripts, {@code .feature} files)
 * through the JUnit Platform, the first two with the blockspec engine and features with the
 * Cucumber engine and blockspec's step library, so the command line, Maven and IDEs run them
 * the same way and the console shows them alike.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs scenarios (*.scenario, *.qmp, *.feature) on fresh embedded engines.",
                "Without PATH, runs the project's scenario library (scenarios/library, scenarios/features)."})
final class RunTool implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Scenario files or directories.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--tags", paramLabel = "EXPR",
            description = "Only scenarios whose tags match: 'perm & !slow', or as Cucumber writes it, '@perm and not @slow'.")
    String tags;

    @Option(names = {"-p", "--plugin"}, paramLabel = "NAME[:FILE]",
            description = "A Cucumber report for the .feature files: html, json, junit, message, pretty, ... (repeatable).")
    List<String> plugins = new ArrayList<>();

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
        if (paths.isEmpty()) paths.addAll(CliPaths.defaults());
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
        for (String p : plugins) {
            String problem = FeatureLaunch.checkPlugin(p);
            if (problem != null) {
                System.err.println("blockspec run: --plugin " + p + ": " + problem);
                return 2;
            }
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
        PostDiscoveryFilter tagFilter = null;
        if (tags != null) {
            try {
                tagFilter = TagFilter.includeTags(TagExpression.toJUnit(tags));
            } catch (RuntimeException e) {
                System.err.println("blockspec run: --tags " + tags + ": " + e.getMessage());
                return 2;
            }
        }
        FeatureLaunch features = FeatureLaunch.find(paths, DriverRegistry.load(RunTool.class.getClassLoader()));
        if (shard != null) {
            Shards.Shard s = Shards.Shard.parse(shard);
            features.keepShard(s.index(), s.count());
        }
        if (!plugins.isEmpty() && !features.hasRunnable()) {
            System.err.println("blockspec run: --plugin reports on .feature files, and there are none to run");
        }
        System.setProperty("blockspec.reports.dir", reports.toString()); // read by the step library's world

        CancellationToken cancel = CancellationToken.create();
        ConsoleReport console = new ConsoleReport(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                Terminal.colours(), verbose, failFast ? cancel : null);
        Path xmlDir = junitXml == null ? null : ScratchDir.create("blockspec-junit");
        List<TestExecutionListener> listeners = new ArrayList<>(List.of(console));
        if (xmlDir != null) {
            listeners.add(new LegacyXmlReportGeneratingListener(xmlDir, new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
        }
        // One run per engine: each sees only its own files (a feature that does not compile never reaches Cucumber).
        LauncherDiscoveryRequestBuilder scenarios = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameter("blockspec.reports.dir", reports.toString())
                .configurationParameter("blockspec.fail-fast", Boolean.toString(failFast))
                .configurationParameter("blockspec.execution.parallel.enabled", Boolean.toString(jobs > 1))
                .configurationParameter("blockspec.execution.parallel.config.strategy", "fixed")
                .configurationParameter("blockspec.execution.parallel.config.fixed.parallelism", Integer.toString(jobs));
        if (shard != null) scenarios.configurationParameter(Shards.KEY, shard);
        if (durations != null) scenarios.configurationParameter(Shards.DURATIONS_KEY, durations.toString());
        String reportProblem = report == null ? null : ReportDirs.problem(report);
        if (report != null && reportProblem == null) {
            scenarios.configurationParameter("blockspec.report.dir", report.toString());
        } else if (reportProblem != null) {
            System.err.println("blockspec run: --report " + report + ": " + reportProblem + "; running without a report");
        }
        execute(new BlockspecTestEngine(features.notCompiling()), scenarios, tagFilter, listeners, cancel);
        if (features.hasRunnable()) {
            LauncherDiscoveryRequestBuilder cucumber = LauncherDiscoveryRequestBuilder.request();
            features.configure(cucumber, plugins, jobs);
            execute(features.engine(), cucumber, tagFilter, listeners, cancel);
        }
        if (xmlDir != null) {
            JunitXml.merge(xmlDir, junitXml);
            ScratchDir.delete(xmlDir);
        }
        console.summary();
        if (console.reportError() != null) reportProblem = console.reportError();
        else if (console.reportWritten() != null) System.out.println("report: " + console.reportWritten());
        if (reportProblem != null) System.err.println("blockspec run: no report written: " + reportProblem);
        if (console.failed() > 0 || console.passed() + console.skipped() == 0) return 1;
        return reportProblem != null ? 2 : 0;
    }

    private static void execute(TestEngine engine, LauncherDiscoveryRequestBuilder request, PostDiscoveryFilter tags,
                                List<TestExecutionListener> listeners, CancellationToken cancel) {
        if (tags != null) request.filters(tags);
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false).enableTestExecutionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false).addTestEngines(engine).build());
        launcher.execute(LauncherExecutionRequestBuilder.request(request.build())
                .listeners(listeners.toArray(TestExecutionListener[]::new)).cancellationToken(cancel).build());
    }
}
