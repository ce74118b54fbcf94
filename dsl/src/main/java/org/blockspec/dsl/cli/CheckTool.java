package org.blockspec.dsl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.cucumber.FeatureCompiler;
import org.blockspec.dsl.junit.ScenarioFiles;
import org.blockspec.dsl.transcript.Transcript;
import org.blockspec.engine.graph.DriverRegistry;

/** Parses and compiles scenarios without running them; prints every error with its position. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Parses and compiles scenarios (*.scenario, *.qmp, *.feature) without running them.")
final class CheckTool implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Scenario files or directories.")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (paths.isEmpty()) paths.addAll(CliPaths.defaults());
        DriverRegistry drivers = DriverRegistry.load(CheckTool.class.getClassLoader());
        ScenarioCompiler compiler = new ScenarioCompiler(drivers);
        FeatureCompiler features = new FeatureCompiler(drivers);
        int files = 0;
        int scenarios = 0;
        int bad = 0;
        for (Path p : paths) {
            if (!Files.exists(p)) {
                System.err.println("blockspec check: " + p + ": No such file or directory");
                return 2;
            }
            List<Path> found = new ArrayList<>(ScenarioFiles.under(p));
            if (Files.isDirectory(p)) found.addAll(ScenarioFiles.under(p, ".feature"));
            for (Path f : found) {
                files++;
                try {
                    if (f.toString().endsWith(".qmp")) {
                        Transcript.parse(f);
                        scenarios++;
                    } else if (f.toString().endsWith(".feature")) {
                        scenarios += features.compile(f).scenarios().size();
                    } else {
                        scenarios += compiler.compile(f).scenarios().size();
                    }
                } catch (CompileException e) {
                    bad++;
                    System.err.print(e.rendered());
                } catch (Transcript.Invalid e) {
                    bad++;
                    System.err.println(e.getMessage());
                }
            }
        }
        System.out.println(files + " files, " + scenarios + " scenarios" + (bad > 0 ? ", " + bad + " with errors" : ", no errors"));
        return bad == 0 ? 0 : 1;
    }
}
