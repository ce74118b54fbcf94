package org.blockspec.dsl.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.blockspec.engine.Engine;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.qmp.QmpMonitor;

/**
 * A QMP monitor on standard input and output, on a fresh embedded engine: greeting first,
 * then one JSON text per reply or event. qemu-io output (from human-monitor-command) goes to
 * standard error so standard output stays pure QMP.
 */
@Command(name = "qmp", mixinStandardHelpOptions = true,
        description = {"Runs QMP commands read from standard input on a fresh engine, like a monitor on stdio.",
                "Replies and events are written as JSON lines. As in QEMU, send qmp_capabilities first."})
final class QmpTool implements Callable<Integer> {
    @Option(names = "--object", paramLabel = "OPTIONS",
            description = "Create a user object first, like QEMU's -object (e.g. throttle-group,id=tg0,x-bps-total=1048576). "
                    + "Repeatable.")
    List<String> objects = new ArrayList<>();

    @Option(names = "--blockdev", paramLabel = "OPTIONS",
            description = "Add a node before reading commands, like QEMU's -blockdev (JSON or key=value). Repeatable.")
    List<String> blockdevs = new ArrayList<>();

    @Option(names = "--device", paramLabel = "OPTIONS",
            description = "Plug a guest device, like -device (e.g. virtio-blk-pci,id=vda,drive=disk0). Repeatable.")
    List<String> devices = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Engine engine = Engine.builder().stdout(System.err).systemEmulator(true).build()) {
            String failure = setUp(engine);
            if (failure != null) {
                System.err.println("blockspec: " + failure);
                return 1;
            }
            QmpMonitor monitor = engine.monitor(out::println);
            monitor.greet();
            // The reader is a daemon thread: it may still be inside quit's call when the engine closes.
            Thread.ofPlatform().daemon().start(() -> readInput(monitor));
            engine.quitRequested().join();
            monitor.close();
        }
        return 0;
    }

    private static void readInput(QmpMonitor monitor) {
        try (java.io.InputStream in = System.in) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) monitor.feed(buf, 0, n);
            monitor.finish();
        } catch (java.io.IOException e) {
            System.err.println("blockspec: reading standard input: " + e.getMessage());
        }
        monitor.engine().requestQuit();
    }

    /** Applies --object, --blockdev and --device in order; returns QEMU-style "--opt VALUE: message" on failure. */
    private String setUp(Engine engine) {
        for (String o : objects) {
            String error = EngineCalls.objectAdd(engine, o);
            if (error != null) return "--object " + o + ": " + error;
        }
        for (String b : blockdevs) {
            String error = EngineCalls.blockdevAdd(engine, b);
            if (error != null) return "--blockdev " + b + ": " + error;
        }
        QmpMonitor internal = engine.monitor(line -> { });
        internal.enterCommandMode(false);
        for (String d : devices) {
            ObjectNode args;
            try {
                args = CliOptions.device(d);
            } catch (QmpError e) {
                return "--device " + d + ": " + e.desc();
            }
            ObjectNode req = QmpJson.MAPPER.createObjectNode();
            req.put("execute", "device_add");
            req.set("arguments", args);
            JsonNode reply = internal.execute(QmpJson.write(req));
            if (reply.has("error")) return "--device " + d + ": " + reply.get("error").get("desc").asText();
        }
        internal.close();
        return null;
    }
}
