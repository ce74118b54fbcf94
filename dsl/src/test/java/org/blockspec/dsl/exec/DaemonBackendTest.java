package org.blockspec.dsl.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.differential.QemuTools;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * The library's QMP-level NBD and job scenarios (no qemu-io, no data steps) run on storage
 * daemons over their QMP sockets: on {@code blockspec daemon}, and on qemu-storage-daemon
 * itself. Jobs run there by themselves on the real clock; the run steps wait.
 */
class DaemonBackendTest {
    @TempDir Path dir;
    @TempDir Path reports;

    static final Path LIBRARY = Path.of("..", "scenarios", "library", "nbd.scenario");
    static final Path JOBS = Path.of("..", "scenarios", "library", "jobs", "on-daemons.scenario");
    static final List<String> QMP_ONLY = List.of(
            "An export reads and writes, shares all but resize, and so blocks block_resize",
            "A read-only export takes consistent-read only",
            "The nbd driver refuses what QEMU's refuses");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blockspec daemon", "qemu-storage-daemon"})
    void qmpLevelScenariosPassOnTheDaemon(String daemon) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (daemon.equals("qemu-storage-daemon")) {
            QemuTools.require("qemu-storage-daemon");
            cmd.add("qemu-storage-daemon");
        } else {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "org.blockspec.dsl.cli.Main", "daemon"));
        }
        ScenarioCompiler compiler = new ScenarioCompiler(DriverRegistry.load(getClass().getClassLoader()));
        List<Scenario> scenarios = new ArrayList<>(compiler.compile(LIBRARY).scenarios().stream()
                .filter(s -> QMP_ONLY.contains(s.title())).toList());
        assertEquals(QMP_ONLY.size(), scenarios.size(), "scenarios found in " + LIBRARY);
        List<Scenario> jobs = compiler.compile(JOBS).scenarios();
        assertEquals(3, jobs.size(), "scenarios found in " + JOBS);
        scenarios.addAll(jobs);
        for (Scenario s : scenarios) {
            Path sub = java.nio.file.Files.createTempDirectory(dir, "s");
            try (DaemonBackend b = new DaemonBackend(sub, cmd)) {
                StepFailure f = new Executor(reports).run(s, b);
                assertNull(f, () -> s.title() + " on " + daemon + ": " + f);
            }
        }
    }
}
