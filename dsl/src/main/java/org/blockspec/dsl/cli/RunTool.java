package org.blockspec.dsl.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.dsl.transcript.Transcript;
import org.blockspec.dsl.transcript.TranscriptRunner;

/**
 * Runs the scenario library: every transcript under the given paths, each on a fresh engine
 * in its own directory; prints one line per scenario and every difference with file:line.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs scenarios (QMP transcripts, *.qmp) on fresh embedded engines.",
                "Without PATH, runs the project's scenario library (scenarios/library)."})
final class RunTool implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Scenario files or directories.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--keep", description = "Keep each scenario's working directory (images) for inspection.")
    boolean keep;

    @Option(names = {"-v", "--verbose"}, description = "Also print what qemu-io printed.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        if (paths.isEmpty()) paths.add(libraryDir());
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                System.err.println("blockspec run: " + p + ": No such file or directory");
                return 2;
            }
            try (Stream<Path> s = Files.walk(p)) {
                s.filter(f -> f.toString().endsWith(".qmp")).sorted().forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            System.err.println("blockspec run: no scenarios (*.qmp) under " + paths);
            return 2;
        }
        int failed = 0;
        int invalid = 0;
        Path work = Files.createTempDirectory("blockspec-run");
        PrintStream qemuIo = verbose ? System.out : new PrintStream(OutputStream.nullOutputStream());
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            Transcript t;
            try {
                t = Transcript.parse(f);
            } catch (Transcript.Invalid e) {
                System.out.println("INVALID " + e.getMessage());
                invalid++;
                continue;
            }
            TranscriptRunner.Result r = TranscriptRunner.run(t, work.resolve(Integer.toString(i)), qemuIo);
            if (r.passed()) {
                System.out.println("PASS " + f + " (" + t.steps().size() + " commands) " + t.title());
            } else {
                failed++;
                System.out.println("FAIL " + f + " " + t.title());
                for (TranscriptRunner.Failure x : r.failures()) System.out.println("  " + f + ":" + x.line() + ": " + x.message());
            }
        }
        if (keep) System.out.println("working directories kept under " + work);
        else deleteTree(work);
        System.out.printf("%d scenarios, %d passed, %d failed%s%n", files.size(), files.size() - failed - invalid, failed,
                invalid > 0 ? ", " + invalid + " invalid" : "");
        return failed + invalid == 0 ? 0 : 1;
    }

    /** scenarios/library of the checkout the launcher runs from, else of the current directory. */
    private static Path libraryDir() {
        String home = System.getenv("BLOCKSPEC_HOME");
        return (home != null ? Path.of(home) : Path.of("")).resolve("scenarios").resolve("library");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
