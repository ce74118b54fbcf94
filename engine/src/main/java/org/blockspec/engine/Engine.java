package org.blockspec.engine;

import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.device.Devices;
import org.blockspec.engine.event.EventBus;
import org.blockspec.engine.export.BlockExports;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.graph.Drains;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.graph.NodeNames;
import org.blockspec.engine.graph.NodeOpener;
import org.blockspec.engine.job.Jobs;
import org.blockspec.engine.nbd.NbdServer;
import org.blockspec.engine.object.UserObjects;
import org.blockspec.engine.qmp.QmpCommands;
import org.blockspec.engine.qmp.QmpDispatcher;
import org.blockspec.engine.qmp.QmpMonitor;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Clock;

/**
 * One block engine: what a QEMU process is to the block layer. It owns a graph, its
 * drivers, its devices, its event loop and its monitors; several engines in one JVM share
 * nothing mutable and behave like separate processes (their image locks conflict).
 */
public final class Engine implements AutoCloseable {
    /** The QEMU version whose behaviour the engine reproduces. */
    public static final int QEMU_MAJOR = 7;
    public static final int QEMU_MINOR = 2;
    public static final int QEMU_MICRO = 22;
    public static final String VERSION = "0.1.0";
    public static final String PACKAGE = "blockspec " + VERSION;

    private final Clock clock;
    private final DriverRegistry drivers;
    private final UserObjects objects;
    private final Graph graph;
    private final NodeOpener opener;
    private final Devices devices;
    private final EventBus events;
    private final EventLoop loop;
    private final BlockExports exports;
    private final Jobs jobs;
    private final NbdServer nbd;
    private final QmpDispatcher qmp;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private static final long EXPORTS_CLOSE_TIMEOUT_SECONDS = 10;
    private final String programName;
    private final boolean systemEmulator;
    private final CompletableFuture<Void> quit = new CompletableFuture<>();
    private final CompletableFuture<Void> quitAnswered = new CompletableFuture<>();
    private volatile QmpMonitor quitFrom;
    private boolean shutdownPrepared;
    /** Completes once every export is gone (their clients let go on threads of their own). */
    private java.util.concurrent.CompletableFuture<Void> exportsClosed;

    private Engine(Builder b) {
        this.clock = b.clock;
        this.drivers = b.drivers != null ? b.drivers : DriverRegistry.load(Engine.class.getClassLoader());
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.programName = b.programName;
        this.systemEmulator = b.systemEmulator;
        this.objects = new UserObjects(Engine.class.getClassLoader());
        this.graph = new Graph(new NodeNames(b.random));
        this.events = new EventBus(clock);
        this.opener = new NodeOpener(graph, drivers, clock, this::warn, stderr::println, this::error, objects, events);
        this.devices = new Devices(graph);
        this.loop = new EventLoop(b.name, clock);
        loop.onFailure(t -> reportBug("a timer", t));
        this.exports = new BlockExports(graph, events, loop);
        this.jobs = new Jobs(this);
        this.nbd = new NbdServer(this);
        ObjectNode version = JsonNodeFactory.instance.objectNode();
        ObjectNode q = version.putObject("qemu");
        q.put("major", QEMU_MAJOR); // QAPI member order, which the QDict writer relies on
        q.put("minor", QEMU_MINOR);
        q.put("micro", QEMU_MICRO);
        version.put("package", b.packageName);
        this.qmp = new QmpDispatcher(this, QmpCommands.all(), version);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An engine with the drivers on the class path, the real clock and standard streams. */
    public static Engine start() {
        return builder().build();
    }

    public Clock clock() { return clock; }

    /** Whether this engine plays qemu-system-x86_64 rather than qemu-storage-daemon. */
    public boolean systemEmulator() { return systemEmulator; }

    public DriverRegistry drivers() { return drivers; }

    public Graph graph() { return graph; }

    /** Objects made with object-add (throttle groups ...). */
    public UserObjects objects() { return objects; }

    public NodeOpener opener() { return opener; }

    public Devices devices() { return devices; }

    public EventBus events() { return events; }

    public EventLoop loop() { return loop; }

    public QmpDispatcher qmp() { return qmp; }

    /** Block jobs, newest first. */
    public Jobs jobs() { return jobs; }

    /** Block exports (NBD today), by id. */
    public BlockExports exports() { return exports; }

    /** The NBD server; not listening until nbd-server-start. */
    public NbdServer nbd() { return nbd; }

    /** Where qemu-io prints its results (QEMU prints them on its standard output). */
    public PrintStream stdout() { return stdout; }

    /** The process's standard error, as QEMU's own complaints go there. */
    public PrintStream stderr() { return stderr; }

    /** Opens a monitor whose output goes to {@code out}, one JSON text per call. */
    public QmpMonitor monitor(java.util.function.Consumer<String> out) {
        return new QmpMonitor(this, out);
    }

    /** Completes when a monitor executed {@code quit}. */
    public CompletableFuture<Void> quitRequested() { return quit; }

    /**
     * Completes once the monitor that asked to quit has written its reply (or is gone), so
     * that shutting down does not cut the reply off.
     */
    public CompletableFuture<Void> quitAnswered() { return quitAnswered; }

    public void requestQuit() {
        quitAnswered.complete(null);
        quit.complete(null);
    }

    /** {@code quit} from a monitor whose connection reports, through {@link #monitorDone}, when its reply is out. */
    public void requestQuit(QmpMonitor from) {
        quitFrom = from;
        quit.complete(null);
    }

    /** A monitor's connection has written everything it had to write. */
    public void monitorDone(QmpMonitor m) {
        if (m == quitFrom) quitAnswered.complete(null);
    }

    /** A warning as QEMU's warn_report prints it. */
    public void warn(String message) {
        stderr.println(programName + ": warning: " + message);
    }

    /** An error reported where no caller receives it, as QEMU's error_report prints it. */
    public void error(String message) {
        stderr.println(programName + ": " + message);
    }

    /** Something that must not happen happened; say so loudly but keep serving. */
    public void reportBug(String where, Throwable t) {
        stderr.println("blockspec: internal error in " + where + ": " + t);
        t.printStackTrace(stderr);
    }

    /**
     * The first half of shutting down, while monitors still listen (QEMU does it before
     * monitor_cleanup, so its events reach them): exports close, everything is drained, and
     * every job is cancelled and run to its end. Done once; {@link #close} does it if nobody did.
     */
    public void prepareShutdown() {
        loop.call(() -> {
            if (shutdownPrepared) return null;
            shutdownPrepared = true;
            exportsClosed = exports.closeAll();
            Drains.allBegin(graph);
            try {
                jobs.cancelAllSync();
            } catch (RuntimeException e) {
                reportBug("shutdown", e);
            }
            return null;
        });
    }

    /**
     * Closes every device and node, releasing descriptors and locks, as QEMU does on exit.
     * Exports and jobs go first ({@link #prepareShutdown}); then devices; nodes are released
     * from the top of the graph down.
     */
    @Override
    public void close() {
        prepareShutdown();
        java.util.concurrent.CompletableFuture<Void> exportsGone = loop.call(() -> {
            var gone = exportsClosed;
            if (nbd.running()) {
                try {
                    nbd.stop();
                } catch (BlockException e) {
                    reportBug("close", e);
                }
            }
            return gone;
        });
        // Dropped clients let go of their exports on their own threads; wait for that (the loop
        // deletes the exports meanwhile). One that does not let go in time has its export's
        // backend released with the graph below.
        if (!loop.inLoop()) {
            try {
                exportsGone.get(EXPORTS_CLOSE_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // released below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loop.call(() -> {
            for (var d : devices.all()) {
                try {
                    devices.unplug(d);
                } catch (BlockException e) {
                    reportBug("close", e);
                }
            }
            for (BlockNode n : List.copyOf(graph.nodes()).reversed()) {
                if (!n.monitorOwned() || n.closed()) continue;
                try {
                    GraphChange.apply(graph, tran -> {
                        graph.monitorUnref(n, tran);
                        return null;
                    });
                } catch (BlockException e) {
                    reportBug("close", e);
                }
            }
            for (BlockNode n : List.copyOf(graph.nodes()).reversed()) {
                if (n.driver() != null && !n.closed()) n.driver().close();
            }
            return null;
        });
        loop.close();
        events.close();
    }

    public static final class Builder {
        private Clock clock = Clock.REAL;
        private DriverRegistry drivers;
        private RandomGenerator random = new Random();
        private PrintStream stdout = System.out;
        private PrintStream stderr = System.err;
        private String name = "blockspec-main";
        private String packageName = PACKAGE;
        private String programName = "blockspec";
        private boolean systemEmulator;

        public Builder clock(Clock c) { this.clock = c; return this; }

        public Builder drivers(DriverRegistry d) { this.drivers = d; return this; }

        public Builder random(RandomGenerator r) { this.random = r; return this; }

        public Builder stdout(PrintStream s) { this.stdout = s; return this; }

        public Builder stderr(PrintStream s) { this.stderr = s; return this; }

        /** Thread name of the event loop, e.g. {@code vm2-main}. */
        public Builder name(String n) { this.name = n; return this; }

        public Builder packageName(String p) { this.packageName = p; return this; }

        /** How the process names itself in warnings and errors, e.g. {@code blockspec img}. */
        public Builder programName(String p) { this.programName = p; return this; }

        /** Behave as qemu-system-x86_64 where it differs from the storage daemon (quit emits SHUTDOWN). */
        public Builder systemEmulator(boolean s) { this.systemEmulator = s; return this; }

        public Engine build() {
            return new Engine(this);
        }
    }
}
