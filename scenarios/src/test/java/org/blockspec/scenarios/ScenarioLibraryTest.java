package org.blockspec.scenarios;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.transcript.Transcript;
import org.blockspec.dsl.transcript.TranscriptRunner;

/** Every scenario of the library, one test each, on a fresh embedded engine. */
class ScenarioLibraryTest {
    @TempDir Path work;

    @TestFactory
    Stream<DynamicTest> library() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("library"))) {
            files = s.filter(f -> f.toString().endsWith(".qmp")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no scenarios under library/");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), f.toUri(), () -> {
            Transcript t = Transcript.parse(f);
            var r = TranscriptRunner.run(t, work.resolve(f.getFileName().toString()),
                    new PrintStream(OutputStream.nullOutputStream()));
            if (!r.passed()) {
                StringBuilder sb = new StringBuilder(t.title());
                for (var x : r.failures()) sb.append("\n").append(f).append(":").append(x.line()).append(": ").append(x.message());
                fail(sb.toString());
            }
        }));
    }
}
