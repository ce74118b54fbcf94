package org.blockspec.dsl.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary directory a scenario runs in: its images, and nothing that outlives it. */
public final class ScratchDir {
    private ScratchDir() {
    }

    public static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
