package org.blockspec.dsl.exec;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.IoTarget;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.ImageLockState;

/**
 * A backend that remembers the QMP exchange (and qemu-io commands) since it was last asked,
 * as {@code -> command} / {@code <- reply} lines, so a report can show what a step sent and
 * got. The transcript is capped: a report must stay small however chatty a step is.
 */
public final class RecordingBackend implements Backend {
    private final Backend delegate;
    private final int limit;
    /** Kept as they came, and only written out when asked: most steps pass and nobody reads them. */
    private final java.util.ArrayList<Object[]> entries = new java.util.ArrayList<>();

    /** @param limit characters kept per transcript; what follows is dropped and said so */
    public RecordingBackend(Backend delegate, int limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    /** The exchange since the previous call, then forgets it. */
    public synchronized String take() {
        StringBuilder out = new StringBuilder();
        boolean truncated = false;
        for (Object[] e : entries) {
            String process = (String) e[0];
            String line = e[2] instanceof JsonNode j ? QmpJson.write(j) : (String) e[2];
            String entry = (process.equals("main") ? "" : "[" + process + "] ") + e[1] + " " + line + "\n";
            if (out.length() + entry.length() > limit) {
                out.append(entry, 0, Math.max(0, Math.min(entry.length(), limit - out.length())));
                truncated = true;
                break;
            }
            out.append(entry);
        }
        entries.clear();
        return out + (truncated ? "... (more exchanges left out)\n" : "");
    }

    /** Forgets the exchange so far. */
    public synchronized void clear() {
        entries.clear();
    }

    private synchronized void record(String process, String arrow, Object line) {
        entries.add(new Object[] {process, arrow, line});
    }

    @Override
    public Path directory() { return delegate.directory(); }

    @Override
    public JsonNode qmp(String process, String execute, ObjectNode arguments) throws BackendException {
        ObjectNode command = QmpJson.MAPPER.createObjectNode().put("execute", execute);
        if (arguments != null && !arguments.isEmpty()) command.set("arguments", arguments);
        record(process, "->", command);
        JsonNode reply = delegate.qmp(process, execute, arguments);
        record(process, "<-", reply);
        return reply;
    }

    @Override
    public List<JsonNode> events(String process) throws BackendException { return delegate.events(process); }

    @Override
    public IoOutput qemuIo(String process, IoTarget target, String command) throws BackendException {
        record(process, "qemu-io " + target.name() + ":", command);
        IoOutput out = delegate.qemuIo(process, target, command);
        for (String l : (out.monitor() + out.stdout() + out.stderr()).split("\n")) {
            if (!l.isBlank()) record(process, "  ", l.strip());
        }
        return out;
    }

    @Override
    public byte[] read(String process, IoTarget target, long offset, int length) throws BackendException {
        return delegate.read(process, target, offset, length);
    }

    @Override
    public long length(String process, IoTarget target) throws BackendException { return delegate.length(process, target); }

    @Override
    public long clockNanos(String process) throws BackendException { return delegate.clockNanos(process); }

    @Override
    public boolean realClock() { return delegate.realClock(); }

    @Override
    public ImageLockState locks(String image) throws BackendException { return delegate.locks(image); }

    @Override
    public void createImage(String name, String format, long size, String backing, String backingFormat, String options)
            throws BackendException {
        delegate.createImage(name, format, size, backing, backingFormat, options);
    }

    @Override
    public void close() { delegate.close(); }
}
