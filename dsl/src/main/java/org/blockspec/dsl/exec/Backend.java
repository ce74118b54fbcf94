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

    /** A condition a run waits for; checked between two tasks of the process (or polled, on a real clock). */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws BackendException;
    }

    /** How long a run waits on the real clock when the scenario gives no limit. */
    long DEFAULT_REAL_LIMIT_NANOS = 60_000_000_000L;

    /**
     * Lets the process run (its jobs and timers) until {@code until} holds, for at most
     * {@code limitNanos} of its time (0: the backend's default). Returns null once it holds,
     * else why it stopped. This default is the real clock's: the process runs by itself, and
     * the condition is polled until an explicit wall-clock deadline. A backend on a virtual
     * clock drives the process instead, so nothing runs that the scenario did not ask for.
     */
    default String runUntil(String process, Condition until, long limitNanos) throws BackendException {
        long limit = limitNanos > 0 ? limitNanos : DEFAULT_REAL_LIMIT_NANOS;
        long deadline = System.nanoTime() + limit;
        while (!until.holds()) {
            if (System.nanoTime() - deadline > 0) {
                return String.format(java.util.Locale.ROOT, "it did not happen within %.1fs", limit / 1e9);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting");
            }
        }
        return null;
    }

    /** Lets {@code nanos} of the process's time pass (on the real clock: waits that long). */
    default void runFor(String process, long nanos) throws BackendException {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting");
        }
    }

    /**
     * How many chunks of copying a job did so far, or -1 when it is gone: what stepping a job
     * by chunks counts. Only a backend that sees into its engine has this.
     */
    default long jobChunks(String process, String job) throws BackendException {
        throw new BackendException("stepping a job by chunks needs the embedded engine on its virtual clock");
    }

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
