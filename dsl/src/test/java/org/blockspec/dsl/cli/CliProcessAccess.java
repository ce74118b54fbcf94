package org.blockspec.dsl.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Runs blockspec tools from other test packages, as {@link CliProcess} does. */
public final class CliProcessAccess {
    private CliProcessAccess() {
    }

    public record Result(int exit, String stdout, String stderr) {
    }

    public static Result blockspec(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        CliProcess p = CliProcess.blockspec(dir, stdin, args);
        return new Result(p.exit(), p.stdout(), p.stderr());
    }
}
