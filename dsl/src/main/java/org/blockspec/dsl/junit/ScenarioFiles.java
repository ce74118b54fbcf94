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

    /** {@code p} itself if it is a file, else the files below it, in name order; as {@link #shown}. */
    public static List<Path> under(Path p) {
        if (p != null && Files.isRegularFile(p)) return List.of(shown(p));
        return under(p, ".scenario", ".qmp");
    }

    /** The files that are or are below {@code p} whose names end in one of {@code suffixes} ({@code .feature}). */
    public static List<Path> under(Path p, String... suffixes) {
        if (p == null || !Files.exists(p)) return List.of();
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> java.util.Arrays.stream(suffixes).anyMatch(x -> f.toString().endsWith(x)))
                    .map(ScenarioFiles::shown).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path as people want to read it: relative to the working directory when below it. */
    public static Path shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs;
    }
}
