package org.blockspec.dsl.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.IoTarget;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ImageLockInspector;
import org.blockspec.engine.spi.ImageLockState;

/**
 * Runs each process of a scenario as a storage daemon speaking QMP on a unix socket:
 * {@code blockspec daemon} or qemu-storage-daemon itself, the same scenario on both. Only
 * QMP goes through, so scenarios with qemu-io or data steps need the embedded backend.
 */
public final class DaemonBackend implements Backend {
    private final Path dir;
    private final List<String> daemon;
    private final Map<String, Daemon> processes = new LinkedHashMap<>();

    /** One daemon process and its monitor connection. */
    private record Daemon(Process process, QmpSocket qmp) {
    }

    /** @param daemon the command that starts a daemon, e.g. {@code [qemu-storage-daemon]} */
    public DaemonBackend(Path dir, List<String> daemon) {
        this.dir = dir;
        this.daemon = List.copyOf(daemon);
    }

    @Override public Path directory() { return dir; }

    private Daemon process(String name) throws BackendException {
        Daemon d = processes.get(name);
        if (d != null) return d;
        Path sock = dir.resolve(".qmp-" + name + ".sock");
        List<String> cmd = new ArrayList<>(daemon);
        cmd.addAll(List.of("--chardev", "socket,id=qmp,path=" + sock + ",server=on,wait=off", "--monitor", "chardev=qmp"));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve(".daemon-" + name + ".log").toFile()).start();
            d = new Daemon(p, QmpSocket.connect(sock, System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
            d.qmp().send("{\"execute\":\"qmp_capabilities\"}");
            processes.put(name, d);
            return d;
        } catch (IOException | InterruptedException e) {
            throw new BackendException("cannot start " + daemon.getFirst() + " for process " + name + ": " + e.getMessage());
        }
    }

    @Override
    public JsonNode qmp(String process, String execute, ObjectNode arguments) throws BackendException {
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("execute", execute);
        req.set("arguments", ScenarioDir.substitute(arguments, dir));
        try {
            return process(process).qmp().send(QmpJson.write(req));
        } catch (IOException e) {
            throw new BackendException(execute + " on " + process + ": " + e.getMessage());
        }
    }

    /** Events so far; a cheap query first collects those that arrived since the last reply. */
    @Override
    public List<JsonNode> events(String process) throws BackendException {
        qmp(process, "query-version", JsonNodeFactory.instance.objectNode());
        return List.copyOf(process(process).qmp().events());
    }

    @Override
    public IoOutput qemuIo(String process, IoTarget target, String command) throws BackendException {
        throw new BackendException("qemu-io steps need the embedded backend (qemu-storage-daemon has no HMP)");
    }

    @Override
    public byte[] read(String process, IoTarget target, long offset, int length) throws BackendException {
        throw new BackendException("data steps need the embedded backend");
    }

    @Override
    public long length(String process, IoTarget target) throws BackendException {
        throw new BackendException("data steps need the embedded backend");
    }

    /** A daemon is a process of its own: it runs on the real clock. */
    @Override
    public long clockNanos(String process) {
        return System.nanoTime();
    }

    @Override
    public boolean realClock() {
        return true;
    }

    /** Locks are on the image files, so this process sees the daemon's as any other would. */
    @Override
    public ImageLockState locks(String image) throws BackendException {
        try {
            return ImageLockInspector.load(DaemonBackend.class.getClassLoader()).inspect(dir.resolve(image).toString());
        } catch (BlockException e) {
            throw new BackendException(e.getMessage());
        }
    }

    @Override
    public void createImage(String name, String format, long size, String backing, String backingFormat,
                            String options) throws BackendException {
        ScenarioDir.createImage(dir, null, name, format, size, backing, backingFormat, options);
    }

    @Override
    public void close() {
        for (Daemon d : processes.values()) {
            try {
                d.qmp().send("{\"execute\":\"quit\"}");
            } catch (IOException ignored) {
                // already gone
            }
            try {
                d.qmp().close();
                if (!d.process().waitFor(20, TimeUnit.SECONDS)) d.process().destroyForcibly();
            } catch (IOException | InterruptedException e) {
                d.process().destroyForcibly();
            }
        }
        processes.clear();
    }
}
