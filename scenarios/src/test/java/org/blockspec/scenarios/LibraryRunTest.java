package org.blockspec.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The main job as a user runs it: {@code blockspec run} over the whole library, in a process
 * of its own, several times, one and two scenarios at a time (races show up in some runs
 * only). Every scenario passes and nothing at all is printed on standard error: no stack
 * trace from a thread that outlived its engine, no warning nobody asked for.
 */
class LibraryRunTest {
    @TempDir Path cwd;

    @ParameterizedTest(name = "run {index} with --jobs {0}")
    @ValueSource(ints = {1, 2, 2, 2})
    void wholeLibraryPassesWithACleanStandardError(int jobs) throws Exception {
        Path library = Path.of("library").toAbsolutePath();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.blockspec.dsl.cli.Main", "run", "--jobs",
                Integer.toString(jobs), library.toString());
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).start();
        p.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread errReader = Thread.ofPlatform().start(() -> {
            try {
                streams[1] = p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                streams[1] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        streams[0] = p.getInputStream().readAllBytes();
        errReader.join();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "blockspec run did not finish");
        String stdout = new String(streams[0], StandardCharsets.UTF_8);
        String stderr = new String(streams[1], StandardCharsets.UTF_8);
        assertEquals("", stderr, "standard error of blockspec run (exit " + p.exitValue() + ")");
        assertEquals(0, p.exitValue(), stdout);
        assertTrue(stdout.matches("(?s).*\\d+ passed, 0 failed\n"), stdout);
    }
}
