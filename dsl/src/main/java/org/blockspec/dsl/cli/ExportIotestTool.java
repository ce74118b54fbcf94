package org.blockspec.dsl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.iotest.IotestExporter;

/** {@code blockspec export-iotest FILE}: a scenario file as a QEMU iotests Python test and its .out. */
@Command(name = "export-iotest", mixinStandardHelpOptions = true,
        description = {"Writes a QEMU iotests Python test (tests/qemu-iotests/tests/NAME) and its reference output "
                + "(NAME.out) equivalent to a scenario file, for QEMU's own suite.",
                "The scenarios run on the embedded engine first; the .out holds blockspec's answers."})
final class ExportIotestTool implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .scenario file.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the test goes (default: the current directory).")
    Path out = Path.of(".");

    @Option(names = "--name", paramLabel = "NAME", description = "The test's name (default: blockspec-FILE).")
    String name;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            System.err.println("blockspec export-iotest: " + file + ": No such file");
            return 2;
        }
        String test = name != null ? name : "blockspec-" + file.getFileName().toString().replaceAll("\\.scenario$", "");
        try {
            IotestExporter.Export e = IotestExporter.export(file);
            String problem = ReportDirs.problem(out);
            if (problem != null) {
                System.err.println("blockspec export-iotest: --out " + out + ": " + problem);
                return 2;
            }
            Files.createDirectories(out);
            Path script = out.resolve(test);
            Files.writeString(script, e.script());
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(out.resolve(test + ".out"), e.out());
            for (String s : e.skipped()) System.err.println("blockspec export-iotest: not exported: " + s);
            System.out.println("wrote " + script + " and " + script + ".out");
            return 0;
        } catch (CompileException e) {
            System.err.print(e.rendered());
            return 1;
        } catch (IOException e) {
            System.err.println("blockspec export-iotest: " + e.getMessage());
            return 1;
        }
    }
}
