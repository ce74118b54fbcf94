package org.blockspec.dsl.cli;

import java.nio.file.Path;

/** Paths the tools default to. */
final class CliPaths {
    private CliPaths() {
    }

    /** scenarios/library of the checkout the launcher runs from, else of the current directory. */
    static Path library() {
        return scenarios().resolve("library");
    }

    /** scenarios/features: the Gherkin library beside it. */
    static Path features() {
        return scenarios().resolve("features");
    }

    /** What run and check take without paths: the library, and the features when there are any. */
    static java.util.List<Path> defaults() {
        java.util.List<Path> out = new java.util.ArrayList<>(java.util.List.of(library()));
        if (java.nio.file.Files.isDirectory(features())) out.add(features());
        return out;
    }

    private static Path scenarios() {
        String home = System.getenv("BLOCKSPEC_HOME");
        return (home != null ? Path.of(home) : Path.of("")).resolve("scenarios");
    }
}
