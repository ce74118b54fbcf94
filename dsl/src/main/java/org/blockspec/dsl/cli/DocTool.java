package org.blockspec.dsl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.dsl.junit.ScenarioFiles;
import org.blockspec.dsl.report.DocSite;
import org.blockspec.dsl.report.Results;
import org.blockspec.dsl.report.ScenarioRun;

/** {@code blockspec doc}: Markdown and HTML documentation generated from scenarios. */
@Command(name = "doc", mixinStandardHelpOptions = true,
        description = {"Writes documentation from scenario files: per file a Markdown page and the same as HTML, with the "
                + "scenarios' comments, each step in words, graph pictures, and which backends each scenario passed on.",
                "Scenarios run on the embedded engine; --results adds other backends' outcomes."})
final class DocTool implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Scenario files or directories.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the pages go.")
    Path out;

    @Option(names = "--results", paramLabel = "FILE", description = "results.json of a run on another backend (repeatable).")
    List<Path> results = new ArrayList<>();

    @Override
    public Integer call() {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                System.err.println("blockspec doc: " + p + ": No such file or directory");
                return 2;
            }
            files.addAll(ScenarioFiles.under(p));
        }
        List<ScenarioRun> other = new ArrayList<>();
        try {
            for (Path r : results) other.addAll(Results.read(r));
        } catch (IOException e) {
            System.err.println("blockspec doc: --results " + e.getMessage());
            return 2;
        }
        String problem = ReportDirs.problem(out);
        if (problem != null) {
            System.err.println("blockspec doc: --out " + out + ": " + problem);
            return 2;
        }
        try {
            List<String> problems = DocSite.write(files, out, other);
            problems.forEach(p -> System.err.println("blockspec doc: " + p));
            return problems.isEmpty() ? 0 : 1;
        } catch (IOException e) {
            System.err.println("blockspec doc: " + e.getMessage());
            return 1;
        }
    }
}
