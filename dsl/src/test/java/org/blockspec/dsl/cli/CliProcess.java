package org.blockspec.dsl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs a command (blockspec from the test class path, or a real QEMU tool) to completion. */
public record CliProcess(int exit, String stdout, String stderr) {
    public static CliProcess blockspec(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        return run(dir, stdin, blockspecCommand(args));
    }

    /** The command line that runs {@code blockspec ARGS} from the test class path. */
    public static List<String> blockspecCommand(String... args) {
        // C1 only: these processes live for a second, so the optimizing compiler never pays off.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.blockspec.dsl.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** qemu-io's "N bytes, 1 ops; 00.00 sec (...)" lines, which blockspec does not print. */
    public static String withoutTiming(String s) {
        return s.lines().filter(l -> !l.matches(".* ops; .* sec \\(.*\\)")).map(l -> l + "\n")
                .collect(Collectors.joining());
    }

    public static CliProcess run(Path dir, String stdin, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return new CliProcess(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
