package org.blockspec.dsl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.chardev.SocketChardev;
import org.blockspec.engine.nbd.NbdSchemas;
import org.blockspec.engine.qmp.QmpConnection;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.schema.QapiInput;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;

/**
 * {@code blockspec daemon}: qemu-storage-daemon's start-up. Options take effect in the order
 * given, each failure is reported as {@code --opt VALUE: message} with exit status 1, then the
 * process serves its monitors and NBD clients until a monitor says quit; the engine is then
 * closed, so every node releases its descriptors (and locks).
 */
final class Daemon {
    private static final List<OptionField> MONITOR = List.of(
            OptionField.optional("id", OptionType.STR),
            OptionField.optional("mode", OptionType.enumOf("MonitorMode", "readline", "control")),
            OptionField.optional("pretty", OptionType.BOOL),
            OptionField.required("chardev", OptionType.STR));

    private final Engine engine;
    private final PrintStream out;
    private final Map<String, ChardevOptions> chardevs = new LinkedHashMap<>();
    private final Map<String, SocketChardev> sockets = new LinkedHashMap<>();
    private final Set<String> monitored = new HashSet<>();
    private final List<Runnable> starts = new ArrayList<>();
    private Path pidfile;

    Daemon(Engine engine, PrintStream out) {
        this.engine = engine;
        this.out = out;
    }

    /** Applies one option; a failure carries QEMU's text for it. */
    void apply(DaemonArgs.Arg a) throws DaemonArgs.Invalid {
        try {
            switch (a.name()) {
                case "blockdev" -> {
                    String error = EngineCalls.blockdevAdd(engine, a.value());
                    if (error != null) throw new DaemonArgs.Invalid(error);
                }
                case "chardev" -> chardev(ChardevOptions.parse(a.value()));
                case "monitor" -> monitor(new OptionValues(new QapiInput(!CliOptions.isJson(a.value()), null)
                        .struct(MONITOR, CliOptions.tree(a.value(), "chardev"), "")));
                case "nbd-server" -> {
                    OptionValues o = new OptionValues(new QapiInput(!CliOptions.isJson(a.value()), null)
                            .struct(NbdSchemas.SERVER_OPTIONS, CliOptions.tree(a.value(), null), ""));
                    onLoop(() -> engine.nbd().start(o));
                }
                case "export" -> {
                    OptionValues o = new OptionValues(new QapiInput(!CliOptions.isJson(a.value()), null)
                            .union(NbdSchemas.BLOCK_EXPORT_OPTIONS, CliOptions.tree(a.value(), "type"), ""));
                    onLoop(() -> engine.nbd().createExport(o));
                }
                case "object" -> {
                    String error = EngineCalls.objectAdd(engine, a.value());
                    if (error != null) throw new DaemonArgs.Invalid(error);
                }
                case "pidfile" -> pidfile = Path.of(a.value());
                case "trace" -> throw new DaemonArgs.Invalid("tracing is not supported by blockspec");
                case "daemonize" -> throw new DaemonArgs.Invalid("--daemonize is not supported by blockspec");
                default -> throw new IllegalStateException("unhandled option " + a.name());
            }
        } catch (QmpError e) {
            throw new DaemonArgs.Invalid(e.desc());
        }
    }

    private interface LoopAction {
        void run() throws BlockException;
    }

    private void onLoop(LoopAction action) throws DaemonArgs.Invalid {
        String error = engine.loop().call(() -> {
            try {
                action.run();
                return null;
            } catch (BlockException e) {
                return e.getMessage();
            } catch (QmpError e) {
                return e.desc();
            }
        });
        if (error != null) throw new DaemonArgs.Invalid(error);
    }

    private void chardev(ChardevOptions c) throws DaemonArgs.Invalid {
        if (chardevs.containsKey(c.id())) throw new DaemonArgs.Invalid("duplicate yank instance");
        chardevs.put(c.id(), c);
        if (c.address() == null) return;
        try {
            sockets.put(c.id(), SocketChardev.listen(c.id(), c.address()));
        } catch (BlockException e) {
            throw new DaemonArgs.Invalid(e.getMessage());
        }
    }

    private void monitor(OptionValues m) throws DaemonArgs.Invalid {
        String id = m.string("chardev");
        ChardevOptions c = chardevs.get(id);
        if (c == null) throw new DaemonArgs.Invalid("chardev \"" + id + "\" not found");
        if (m.enumValue("mode", "control").equals("readline")) throw new DaemonArgs.Invalid("Only QMP is supported");
        if (!monitored.add(id)) throw new DaemonArgs.Invalid("Device '" + id + "' is in use");
        if (m.bool("pretty", false)) throw new DaemonArgs.Invalid("pretty=on is not supported by blockspec");
        SocketChardev socket = sockets.get(id);
        if (socket == null) {
            starts.add(() -> Thread.ofPlatform().daemon().name("monitor-stdio")
                    .start(() -> new QmpConnection(engine, System.in, out).serve()));
            return;
        }
        try {
            if (c.waitForClient()) {
                System.err.println("blockspec: info: QEMU waiting for connection on: disconnected:"
                        + (c.address() instanceof java.net.UnixDomainSocketAddress u ? "unix:" + u.getPath()
                        : "tcp:" + c.address()) + ",server=on");
            }
            if (c.waitForClient()) socket.awaitFirstClient();
        } catch (IOException e) {
            throw new DaemonArgs.Invalid(e.getMessage());
        }
        // Greeting only once start-up is complete (PID file written), like QEMU's main loop.
        starts.add(() -> socket.serve((in, o) -> new QmpConnection(engine, in, o).serve()));
    }

    /** After every option: the PID file, then monitors on standard input start reading. */
    void started() throws DaemonArgs.Invalid {
        if (pidfile != null) {
            try {
                Files.writeString(pidfile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                String reason = e instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                        : e instanceof java.nio.file.AccessDeniedException ? "Permission denied" : e.getMessage();
                Path failed = pidfile;
                pidfile = null;
                throw new DaemonArgs.Invalid("cannot create PID file: Could not create '" + failed + "': " + reason);
            }
        }
        starts.forEach(Runnable::run);
    }

    /** Stops serving, closes the engine, removes the PID file. */
    void shutDown() {
        engine.prepareShutdown(); // exports and jobs end while monitors still hear their events
        sockets.values().forEach(SocketChardev::close);
        engine.close();
        if (pidfile != null) {
            try {
                Files.deleteIfExists(pidfile);
            } catch (IOException ignored) {
                // the file may already be gone
            }
        }
    }
}
