package org.blockspec.dsl.exec;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.IoTarget;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.spi.ImageLockState;

/** A backend that tells a listener about every QMP and qemu-io exchange of the current step. */
final class ObservedBackend implements Backend {
    private final Backend inner;
    private final ExecutionListener listener;
    private Step step;

    ObservedBackend(Backend inner, ExecutionListener listener) {
        this.inner = inner;
        this.listener = listener;
    }

    void step(Step current) {
        step = current;
    }

    @Override public Path directory() { return inner.directory(); }

    @Override
    public JsonNode qmp(String process, String execute, ObjectNode arguments) throws BackendException {
        JsonNode reply = inner.qmp(process, execute, arguments);
        listener.qmpExchange(step, process, execute, arguments, reply);
        return reply;
    }

    @Override public List<JsonNode> events(String process) throws BackendException { return inner.events(process); }

    @Override
    public IoOutput qemuIo(String process, IoTarget target, String command) throws BackendException {
        IoOutput out = inner.qemuIo(process, target, command);
        listener.ioExchange(step, process, target.name(), command, out);
        return out;
    }

    @Override
    public byte[] read(String process, IoTarget target, long offset, int length) throws BackendException {
        return inner.read(process, target, offset, length);
    }

    @Override public long length(String process, IoTarget target) throws BackendException { return inner.length(process, target); }

    @Override public long clockNanos(String process) throws BackendException { return inner.clockNanos(process); }

    @Override public boolean realClock() { return inner.realClock(); }

    @Override public ImageLockState locks(String image) throws BackendException { return inner.locks(image); }

    @Override
    public void createImage(String name, String format, long size, String backing, String backingFormat, String options)
            throws BackendException {
        inner.createImage(name, format, size, backing, backingFormat, options);
    }

    /** The executor closes nothing it was handed; the caller owns the backend. */
    @Override
    public String runUntil(String process, Condition until, long limitNanos) throws BackendException {
        return inner.runUntil(process, until, limitNanos);
    }

    @Override public void runFor(String process, long nanos) throws BackendException { inner.runFor(process, nanos); }

    @Override public long jobChunks(String process, String job) throws BackendException { return inner.jobChunks(process, job); }

    @Override public void close() { }
}
