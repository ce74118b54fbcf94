package org.blockspec.dsl.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A finished run of a QEMU tool or of the blockspec command line. */
record Tool(int exit, String stdout, String stderr) {
    static Tool qemu(Path dir, String... cmd) throws IOException, InterruptedException {
        return run(dir, List.of(cmd));
    }

    static Tool qemu(Path dir, List<String> cmd) throws IOException, InterruptedException {
        return run(dir, cmd);
    }

    /** The blockspec command line from the test class path, as a process of its own. */
    static Tool blockspec(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "org.blockspec.dsl.cli.Main"));
        cmd.addAll(List.of(args));
        return run(dir, cmd);
    }

    private static Tool run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return new Tool(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
