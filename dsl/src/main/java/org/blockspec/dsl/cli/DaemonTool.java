package org.blockspec.dsl.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import org.blockspec.engine.Engine;

/**
 * {@code blockspec daemon}: a storage daemon with qemu-storage-daemon's command line. The
 * arguments are read as QEMU reads them, not by picocli, so errors and their order match.
 */
@Command(name = "daemon", description = {"A storage daemon taking qemu-storage-daemon's options:",
        "--blockdev, --chardev, --monitor, --nbd-server, --export, --object, --pidfile (see --help)."})
final class DaemonTool implements Callable<Integer> {
    @Unmatched
    List<String> argv = new ArrayList<>();

    @Override
    public Integer call() {
        List<DaemonArgs.Arg> args;
        try {
            args = DaemonArgs.parse(argv);
        } catch (DaemonArgs.Invalid e) {
            System.err.println("blockspec: " + e.getMessage());
            return 1;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Engine engine = Engine.builder().build();
        Daemon daemon = new Daemon(engine, out);
        boolean[] closed = {false};
        Runnable shutDown = () -> {
            synchronized (closed) {
                if (closed[0]) return;
                closed[0] = true;
            }
            daemon.shutDown();
        };
        for (DaemonArgs.Arg a : args) {
            if (a.name().equals("help") || a.name().equals("version")) {
                out.print(a.name().equals("help") ? DaemonHelp.TEXT : DaemonHelp.version());
                shutDown.run();
                return 0;
            }
            try {
                daemon.apply(a);
            } catch (DaemonArgs.Invalid e) {
                System.err.println("blockspec: --" + a.name() + " " + a.value() + ": " + e.getMessage());
                shutDown.run();
                return 1;
            }
        }
        try {
            daemon.started();
        } catch (DaemonArgs.Invalid e) {
            System.err.println("blockspec: " + e.getMessage());
            shutDown.run();
            return 1;
        }
        // SIGTERM and SIGINT end the daemon cleanly too, as they end QEMU.
        Runtime.getRuntime().addShutdownHook(new Thread(shutDown));
        engine.quitRequested().join();
        try {
            engine.quitAnswered().get(5, java.util.concurrent.TimeUnit.SECONDS); // let quit's reply out first
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // the client stopped reading: shut down regardless
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutDown.run();
        return 0;
    }
}
