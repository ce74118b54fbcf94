package org.blockspec.dsl.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds scenario ({@code .scenario}) and transcript ({@code .qmp}) files. */
public final class ScenarioFiles {
    private ScenarioFiles() {
    }

    /** {@code p} itself if it is a file, else the files below it, in name order. */
    public static List<Path> under(Path p) {
        if (p == null || !Files.exists(p)) return List.of();
        if (Files.isRegularFile(p)) return List.of(p);
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".scenario") || f.toString().endsWith(".qmp"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
