package org.blockspec.dsl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.cli.CliProcess;

/**
 * docs/library is generated from scenarios/library by {@code blockspec doc}; this fails when
 * a scenario changed and the docs were not regenerated (or someone edited them by hand).
 */
class LibraryDocsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String REGENERATE = "./blockspec doc scenarios/library --out docs/library";

    @TempDir Path out;

    @Test
    void docsLibraryIsWhatTheScenariosGenerate() throws Exception {
        CliProcess r = CliProcess.blockspec(ROOT, null, "doc", "scenarios/library", "--out", out.toString());
        assertEquals(0, r.exit(), r.stderr());
        Path committed = ROOT.resolve("docs/library");
        List<String> fresh = files(out);
        assertEquals(fresh, files(committed), "docs/library has other files than the scenarios give; run " + REGENERATE);
        for (String f : fresh) {
            assertEquals(Files.readString(out.resolve(f)), Files.readString(committed.resolve(f)),
                    "docs/library/" + f + " is stale; run " + REGENERATE);
        }
        String permissions = Files.readString(out.resolve("permissions.md"));
        assertTrue(permissions.contains("## A refused change leaves the graph exactly as it was"), permissions);
        assertTrue(permissions.contains("passed on embedded"), "which backend it passed on");
        assertTrue(permissions.contains("![graph after step"), "pictures");
        assertTrue(permissions.contains("The permission system (slides 43-63)"), "the file's prose");
        String svg;
        try (Stream<Path> s = Files.list(out.resolve("pictures"))) {
            svg = Files.readString(s.sorted().findFirst().orElseThrow());
        }
        assertTrue(svg.startsWith("<svg ") && svg.contains("<style>"), "pictures stand alone, styled");
    }

    private static List<String> files(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
        }
        out.sort(null);
        return out;
    }
}
