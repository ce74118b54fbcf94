package org.blockspec.dsl.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.blockspec.dsl.exec.QmpSocket;

/** {@code blockspec daemon} in its own process, started from the test class path; quit through QMP on close. */
final class DaemonProcess implements AutoCloseable {
    final Process process;
    final Path dir;
    final Path qmp;

    private DaemonProcess(Process process, Path dir, Path qmp) {
        this.process = process;
        this.dir = dir;
        this.qmp = qmp;
    }

    /** Starts the daemon with a QMP monitor on {@code dir/qmp.sock}, set up last, and waits for it. */
    static DaemonProcess start(Path dir, List<String> args, Path... sockets) throws IOException, InterruptedException {
        Path qmp = dir.resolve("qmp.sock");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.blockspec.dsl.cli.Main", "daemon"));
        cmd.addAll(args);
        // The monitor comes last: once its socket exists, every option before it took effect.
        cmd.addAll(List.of("--chardev", "socket,id=m,path=" + qmp + ",server=on,wait=off", "--monitor", "chardev=m"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(dir.resolve("daemon.stderr").toFile()).redirectOutput(dir.resolve("daemon.stdout").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Path> all = new ArrayList<>(List.of(sockets));
        all.add(qmp);
        for (Path s : all) {
            while (!Files.exists(s)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("blockspec daemon did not start: " + Files.readString(dir.resolve("daemon.stderr")));
                }
                Thread.sleep(20);
            }
        }
        return new DaemonProcess(p, dir, qmp);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            try (QmpSocket c = QmpSocket.connect(qmp, System.nanoTime() + TimeUnit.SECONDS.toNanos(10))) {
                c.send("{\"execute\":\"qmp_capabilities\"}");
                c.send("{\"execute\":\"quit\"}");
            } catch (IOException ignored) {
                // already gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
