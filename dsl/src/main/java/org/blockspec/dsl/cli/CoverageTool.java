package org.blockspec.dsl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.dsl.coverage.Coverage;
import org.blockspec.dsl.junit.ScenarioFiles;
import org.blockspec.engine.qmp.QmpJson;

/** {@code blockspec coverage}: what scenarios exercise, and what blockspec implements that none touches. */
@Command(name = "coverage", mixinStandardHelpOptions = true,
        description = {"Indexes the QMP commands, arguments, drivers and options, error messages, events, permissions "
                + "and job states that scenarios exercise, and lists what blockspec implements that none touches.",
                "Without PATH, indexes the project's scenario library."})
final class CoverageTool implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Scenario files or directories.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (paths.isEmpty()) paths.add(CliPaths.library());
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                System.err.println("blockspec coverage: " + p + ": No such file or directory");
                return 2;
            }
            files.addAll(ScenarioFiles.under(p));
        }
        List<String> problems = new ArrayList<>();
        ObjectNode index = Coverage.of(files, problems);
        for (String p : problems) System.err.println("blockspec coverage: " + p);
        try {
            System.out.print(json ? QmpJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(index) + "\n"
                    : Coverage.text(index));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain values always serialises
        }
        return problems.isEmpty() ? 0 : 1;
    }
}
