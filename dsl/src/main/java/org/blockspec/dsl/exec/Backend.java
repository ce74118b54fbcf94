package org.blockspec.dsl.exec;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.IoTarget;
import org.blockspec.engine.spi.ImageLockState;

/**
 * Where a scenario runs: one or more processes (block engines) sharing a directory of
 * images. The first implementation embeds the engine; the interface only speaks QMP, qemu-io
 * and bytes, so a backend on a daemon or on QEMU itself fits too. Stable SPI.
 */
public interface Backend extends AutoCloseable {
    /** The scenario's directory: images live here and {@code $DIR} in commands means it. */
    Path directory();

    /** Runs a QMP command in a process (started on first use) and returns the whole reply. */
    JsonNode qmp(String process, String execute, ObjectNode arguments) throws BackendException;

    /** Every event the process emitted so far, oldest first. */
    List<JsonNode> events(String process) throws BackendException;

    /** What a qemu-io command printed: the monitor's reply, standard output and standard error. */
    record IoOutput(String monitor, String stdout, String stderr) {
    }

    IoOutput qemuIo(String process, IoTarget target, String command) throws BackendException;

    /** The bytes a device or node reads at {@code offset}. */
    byte[] read(String process, IoTarget target, long offset, int length) throws BackendException;

    /** Guest-visible length of a device or node. */
    long length(String process, IoTarget target) throws BackendException;

    /** Nanoseconds on the process's clock (virtual unless the scenario chose the real one). */
    long clockNanos(String process) throws BackendException;

    /** Whether the processes run on the real clock. */
    boolean realClock();

    /** The image locks on a file of the scenario's directory, as another process would find them. */
    ImageLockState locks(String image) throws BackendException;

    /** Creates an image file in the scenario's directory; {@code options} as qemu-img create's -o, or null. */
    void createImage(String name, String format, long size, String backing, String backingFormat, String options)
            throws BackendException;

    @Override
    void close();

    /** A backend that cannot do what was asked, with a message for the failure report. */
    final class BackendException extends Exception {
        private static final long serialVersionUID = 1L;

        public BackendException(String message) {
            super(message, null, false, false);
        }
    }
}
