package org.blockspec.dsl.cli;

import java.nio.file.Path;

/** Paths the tools default to. */
final class CliPaths {
    private CliPaths() {
    }

    /** scenarios/library of the checkout the launcher runs from, else of the current directory. */
    static Path library() {
        String home = System.getenv("BLOCKSPEC_HOME");
        return (home != null ? Path.of(home) : Path.of("")).resolve("scenarios").resolve("library");
    }
}
