package org.blockspec.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.image.ImageCreator;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.qmp.QmpMonitor;

/**
 * An engine with the real drivers and one negotiated QMP monitor, for tests that speak QMP
 * the way a management tool would. Requests may use single quotes (QMP accepts them).
 */
public final class QmpFixture implements AutoCloseable {
    private final Engine engine;
    private final QmpMonitor monitor;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Path dir;

    public QmpFixture(Path dir) {
        this(dir, null);
    }

    /** An engine with the given drivers (null: those on the class path). */
    public QmpFixture(Path dir, DriverRegistry drivers) {
        this.dir = dir;
        this.engine = Engine.builder().stdout(new PrintStream(stdout, true, StandardCharsets.UTF_8))
                .stderr(new PrintStream(stderr, true, StandardCharsets.UTF_8)).drivers(drivers).build();
        this.monitor = engine.monitor(line -> {
            JsonNode n = parse(line);
            if (n.has("event")) events.add(n);
        });
        JsonNode r = monitor.execute("{'execute':'qmp_capabilities'}");
        assertTrue(r.has("return"), r.toString());
    }

    public Engine engine() { return engine; }

    public Path dir() { return dir; }

    /** Sends a request (String.format'ed) and returns the whole reply. */
    public JsonNode send(String request, Object... args) {
        return monitor.execute(args.length == 0 ? request : String.format(request, args));
    }

    /** Runs a command that must succeed; returns its {@code return} value. */
    public JsonNode ok(String request, Object... args) {
        JsonNode r = send(request, args);
        if (!r.has("return")) fail("expected success for " + String.format(request, args) + " but got " + r);
        return r.get("return");
    }

    /** Runs a command that must fail with {@code errorClass}; returns its {@code desc}. */
    public String errorOfClass(String errorClass, String request, Object... args) {
        JsonNode r = send(request, args);
        if (!r.has("error")) fail("expected an error for " + String.format(request, args) + " but got " + r);
        assertEquals(errorClass, r.get("error").get("class").asText(), r.toString());
        return r.get("error").get("desc").asText();
    }

    /** Runs a command that must fail with a GenericError; returns its {@code desc}. */
    public String error(String request, Object... args) {
        return errorOfClass("GenericError", request, args);
    }

    /** blockdev-add with the given arguments object. */
    public void add(String arguments, Object... args) {
        ok("{'execute':'blockdev-add','arguments':" + arguments + "}", args);
    }

    public String addError(String arguments, Object... args) {
        return error("{'execute':'blockdev-add','arguments':" + arguments + "}", args);
    }

    /** device_add of a virtio-blk disk on node {@code drive}, which must succeed. */
    public void deviceAdd(String id, String drive, boolean shareRw) {
        ok(deviceAddRequest(id, drive, shareRw));
    }

    /** device_add of a virtio-blk disk that must fail with a GenericError; returns its {@code desc}. */
    public String deviceAddError(String id, String drive, boolean shareRw) {
        return error(deviceAddRequest(id, drive, shareRw));
    }

    private static String deviceAddRequest(String id, String drive, boolean shareRw) {
        return String.format("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'%s','drive':'%s',"
                + "'share-rw':%s}}", id, drive, shareRw);
    }

    /** An HMP command line through human-monitor-command; returns what it printed. */
    public String hmp(String commandLine) {
        return ok("{'execute':'human-monitor-command','arguments':{'command-line':%s}}",
                "'" + commandLine.replace("'", "\\'") + "'").asText();
    }

    public JsonNode graph() {
        return ok("{'execute':'x-debug-query-block-graph'}");
    }

    /** The graph as stable text (auto names masked), to compare before and after a failure. */
    public String graphSnapshot() {
        JsonNode g = graph();
        List<String> lines = new ArrayList<>();
        for (JsonNode e : g.get("edges")) {
            lines.add(name(g, e.get("parent").asInt()) + " -[" + e.get("name").asText() + "]-> "
                    + name(g, e.get("child").asInt()) + " perm=" + e.get("perm") + " shared=" + e.get("shared-perm"));
        }
        for (JsonNode n : g.get("nodes")) lines.add("node " + n.get("type").asText() + " " + n.get("name").asText());
        lines.sort(null);
        return String.join("\n", lines);
    }

    private static String name(JsonNode g, int id) {
        for (JsonNode n : g.get("nodes")) if (n.get("id").asInt() == id) return n.get("name").asText();
        return "?" + id;
    }

    /** The edge {@code parent -[child]->}, by parent name (block-backends by their graph name). */
    public JsonNode edge(String parent, String childName) {
        JsonNode g = graph();
        for (JsonNode e : g.get("edges")) {
            if (name(g, e.get("parent").asInt()).equals(parent) && e.get("name").asText().equals(childName)) return e;
        }
        fail("no edge " + parent + " -[" + childName + "]-> in " + g);
        return null;
    }

    /** Name of the node at the end of {@code parent -[childName]->}. */
    public String childOf(String parent, String childName) {
        JsonNode g = graph();
        return name(g, edge(parent, childName).get("child").asInt());
    }

    public List<JsonNode> events() { return events; }

    /** Waits briefly for an event (events are emitted after the reply). */
    public JsonNode awaitEvent(String name) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode e : events) if (e.get("event").asText().equals(name)) return e;
            engine.loop().call(() -> null);
            Thread.onSpinWait();
        }
        fail("no " + name + " event; got " + events);
        return null;
    }

    /** What qemu-io printed on the engine's standard output so far; clears it. */
    public String takeStdout() {
        String s = stdout.toString(StandardCharsets.UTF_8);
        stdout.reset();
        return s;
    }

    /** What the engine printed on its standard error so far; clears it. */
    public String takeStderr() {
        String s = stderr.toString(StandardCharsets.UTF_8);
        stderr.reset();
        return s;
    }

    /** A sparse raw image of {@code size} bytes in the test directory. */
    public String image(String name, long size) throws IOException {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p.toString();
    }

    /** A fresh qcow2 image of {@code size} bytes in the test directory, as qemu-img create makes it. */
    public String qcow2(String name, long size) {
        String path = dir.resolve(name).toString();
        engine.loop().call(() -> {
            ImageCreator.create(engine, new ImageCreator.Request(path, "qcow2", size, null, null, null, false, true),
                    engine.stdout());
            return null;
        });
        return path;
    }

    private static JsonNode parse(String line) {
        try {
            return QmpJson.read(line);
        } catch (IOException e) {
            throw new AssertionError("monitor wrote invalid JSON: " + line, e);
        }
    }

    @Override
    public void close() {
        monitor.close();
        engine.close();
    }
}
