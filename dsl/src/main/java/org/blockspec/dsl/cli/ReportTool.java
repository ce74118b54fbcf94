package org.blockspec.dsl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.dsl.report.JunitXml;
import org.blockspec.dsl.report.ReportSite;
import org.blockspec.dsl.report.Results;
import org.blockspec.dsl.report.ScenarioRun;

/** {@code blockspec report merge}: one report and one JUnit XML file from the shards of a run. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Works on reports written by run --report.",
        subcommands = ReportTool.Merge.class)
final class ReportTool implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = {"Merges shards: report directories (run --report) into one report, "
                    + "JUnit XML files (run --junit-xml) into one file."})
    static final class Merge implements Callable<Integer> {
        @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Report directories and JUnit XML files.")
        List<Path> inputs = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", description = "The merged report (needs report directories).")
        Path out;

        @Option(names = "--junit-xml", paramLabel = "FILE", description = "The merged JUnit XML (needs XML inputs).")
        Path junitXml;

        @Override
        public Integer call() {
            List<Path> reports = new ArrayList<>();
            List<Path> xmls = new ArrayList<>();
            for (Path p : inputs) {
                if (Files.isDirectory(p) && Files.isRegularFile(p.resolve(Results.FILE))) reports.add(p);
                else if (Files.isRegularFile(p) && p.toString().endsWith(".xml")) xmls.add(p);
                else {
                    System.err.println("blockspec report merge: " + p + ": neither a report directory (with "
                            + Results.FILE + ") nor a JUnit XML file");
                    return 2;
                }
            }
            if (out == null && junitXml == null) {
                System.err.println("blockspec report merge: say where the result goes: --out DIR and/or --junit-xml FILE");
                return 2;
            }
            if (out != null && reports.isEmpty() || junitXml != null && xmls.isEmpty()) {
                System.err.println("blockspec report merge: " + (out != null && reports.isEmpty()
                        ? "--out needs report directories" : "--junit-xml needs JUnit XML files"));
                return 2;
            }
            try {
                if (out != null) {
                    Map<String, ScenarioRun> runs = new LinkedHashMap<>();
                    for (Path r : reports) {
                        for (ScenarioRun run : Results.read(r)) runs.put(run.id() + " @" + run.backend(), run);
                    }
                    String problem = ReportDirs.problem(out);
                    if (problem != null) {
                        System.err.println("blockspec report merge: --out " + out + ": " + problem);
                        return 2;
                    }
                    ReportSite.write(out, new ArrayList<>(runs.values()), null);
                    System.out.println(runs.size() + " scenarios from " + reports.size() + " reports: "
                            + out.resolve("index.html"));
                }
                if (junitXml != null) {
                    int n = JunitXml.merge(xmls, junitXml);
                    System.out.println(n + " test cases from " + xmls.size() + " files: " + junitXml);
                }
                return 0;
            } catch (IOException e) {
                System.err.println("blockspec report merge: " + e.getMessage());
                return 1;
            }
        }
    }
}
