package org.blockspec.dsl.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.IoTarget;
import org.blockspec.engine.Engine;
import org.blockspec.engine.VirtualClock;
import org.blockspec.engine.device.VirtioBlk;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.qmp.QmpMonitor;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Clock;
import org.blockspec.engine.spi.ImageLockInspector;
import org.blockspec.engine.spi.ImageLockState;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perms;

/** Runs each process of a scenario on its own embedded {@link Engine} in this JVM. */
public final class EmbeddedBackend implements Backend {
    private final Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    /** One engine, its monitor, the events it sent and what it printed. */
    private static final class Process {
        final Engine engine;
        final QmpMonitor monitor;
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        Process(String name, DriverRegistry drivers, Clock clock) {
            engine = Engine.builder().name(name + "-main").drivers(drivers).clock(clock)
                    .stdout(new PrintStream(stdout, true, StandardCharsets.UTF_8))
                    .stderr(new PrintStream(stderr, true, StandardCharsets.UTF_8)).build();
            monitor = engine.monitor(line -> {
                JsonNode m = parse(line);
                if (m.has("event")) events.add(m);
            });
            monitor.execute("{\"execute\":\"qmp_capabilities\"}");
        }

        synchronized String take(ByteArrayOutputStream s) {
            String out = s.toString(StandardCharsets.UTF_8);
            s.reset();
            return out;
        }
    }

    private final DriverRegistry drivers;
    private final boolean realClock;

    /**
     * @param drivers   the drivers every process gets (found once, shared: they hold no state)
     * @param realClock real time instead of each process's own virtual clock
     */
    public EmbeddedBackend(Path dir, DriverRegistry drivers, boolean realClock) {
        this.dir = dir;
        this.drivers = drivers;
        this.realClock = realClock;
    }

    public EmbeddedBackend(Path dir) {
        this(dir, DriverRegistry.load(EmbeddedBackend.class.getClassLoader()), false);
    }

    @Override public boolean realClock() { return realClock; }

    @Override public long clockNanos(String process) {
        return process(process).engine.clock().nanoTime();
    }

    @Override public Path directory() { return dir; }

    private Process process(String name) {
        return processes.computeIfAbsent(name, n -> new Process(n, drivers, realClock ? Clock.REAL : new VirtualClock()));
    }

    @Override
    public JsonNode qmp(String process, String execute, ObjectNode arguments) {
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("execute", execute);
        req.set("arguments", ScenarioDir.substitute(arguments, dir));
        Process p = process(process);
        JsonNode reply = p.monitor.execute(QmpJson.write(req));
        p.engine.loop().call(() -> null); // events deferred by the command have fired now
        return reply;
    }

    @Override
    public List<JsonNode> events(String process) {
        Process p = process(process);
        p.engine.loop().call(() -> null);
        return List.copyOf(p.events);
    }

    @Override
    public IoOutput qemuIo(String process, IoTarget target, String command) {
        Process p = process(process);
        p.take(p.stdout);
        p.take(p.stderr);
        String dev = target instanceof IoTarget.Device d ? "-d " + d.name() + "/virtio-backend" : target.name();
        String line = "qemu-io " + dev + " \"" + command.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("command-line", line);
        JsonNode reply = qmp(process, "human-monitor-command", args);
        return new IoOutput(reply.path("return").asText(""), p.take(p.stdout), p.take(p.stderr));
    }

    @Override
    public byte[] read(String process, IoTarget target, long offset, int length) throws BackendException {
        Process p = process(process);
        Object r = p.engine.loop().call(() -> withBackend(p.engine, target, b -> {
            ByteBuffer buf = ByteBuffer.allocate(length);
            IoResult res = b.read(offset, buf);
            return res.ok() ? buf.array() : "read failed: " + res.error().text();
        }));
        if (r instanceof String s) throw new BackendException(s);
        return (byte[]) r;
    }

    @Override
    public long length(String process, IoTarget target) throws BackendException {
        Process p = process(process);
        Object r = p.engine.loop().call(() -> withBackend(p.engine, target, BlockBackend::length));
        if (r instanceof String s) throw new BackendException(s);
        return (Long) r;
    }

    /** Runs {@code use} on the device's backend, or on a short-lived one on the node. */
    private static Object withBackend(Engine engine, IoTarget target, java.util.function.Function<BlockBackend, Object> use)
            throws BlockException {
        switch (target) {
            case IoTarget.Device d -> {
                VirtioBlk dev = engine.devices().byId(d.name());
                return dev == null ? "no device '" + d.name() + "'" : use.apply(dev.backend());
            }
            case IoTarget.Node n -> {
                BlockNode node = engine.graph().node(n.name());
                if (node == null) return "no node '" + n.name() + "'";
                BlockBackend tmp = BackendOps.createDirect(engine.graph(), node, Perms.UNUSED);
                try {
                    return use.apply(tmp);
                } finally {
                    BackendOps.remove(engine.graph(), tmp);
                }
            }
        }
    }

    /** One hour of virtual time: far more than any job in a scenario needs, and still quick to run through. */
    private static final long DEFAULT_VIRTUAL_LIMIT_NANOS = 3_600_000_000_000L;

    /**
     * On the virtual clock the process only moves when driven: its earliest timer runs (the
     * clock jumping to it), then the condition is checked again.
     */
    @Override
    public String runUntil(String process, Condition until, long limitNanos) throws BackendException {
        if (realClock) return Backend.super.runUntil(process, until, limitNanos);
        Process p = process(process);
        var loop = p.engine.loop();
        long limit = p.engine.clock().nanoTime() + (limitNanos > 0 ? limitNanos : DEFAULT_VIRTUAL_LIMIT_NANOS);
        while (!until.holds()) {
            if (!loop.call(() -> loop.runNext(limit))) {
                boolean more = loop.call(loop::nextDeadline) != Long.MAX_VALUE;
                return more ? String.format(java.util.Locale.ROOT, "it did not happen within %.1fs of virtual time",
                        (limitNanos > 0 ? limitNanos : DEFAULT_VIRTUAL_LIMIT_NANOS) / 1e9)
                        : "nothing was left to run (every job is waiting for a command)";
            }
        }
        return null;
    }

    @Override
    public void runFor(String process, long nanos) throws BackendException {
        if (realClock) {
            Backend.super.runFor(process, nanos);
            return;
        }
        Process p = process(process);
        var loop = p.engine.loop();
        long until = p.engine.clock().nanoTime() + nanos;
        loop.call(() -> {
            loop.runUntilTime(until);
            return null;
        });
    }

    @Override
    public long jobChunks(String process, String job) throws BackendException {
        if (realClock) return Backend.super.jobChunks(process, job);
        Process p = process(process);
        return p.engine.loop().call(() -> {
            var j = p.engine.jobs().find(job);
            return j == null ? -1L : j.chunks();
        });
    }

    @Override
    public ImageLockState locks(String image) throws BackendException {
        try {
            return ImageLockInspector.load(EmbeddedBackend.class.getClassLoader())
                    .inspect(dir.resolve(image).toString());
        } catch (BlockException e) {
            throw new BackendException(e.getMessage());
        }
    }

    @Override
    public void createImage(String name, String format, long size, String backing, String backingFormat,
                            String options) throws BackendException {
        ScenarioDir.createImage(dir, drivers, name, format, size, backing, backingFormat, options);
    }

    private static JsonNode parse(String line) {
        try {
            return QmpJson.read(line);
        } catch (IOException e) {
            throw new IllegalStateException("engine wrote invalid JSON: " + line, e);
        }
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Process p : processes.values()) {
            try {
                p.monitor.close();
                p.engine.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        processes.clear();
        if (!failures.isEmpty()) throw failures.getFirst();
    }
}
