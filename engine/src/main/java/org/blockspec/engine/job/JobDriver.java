package org.blockspec.engine.job;

import org.blockspec.engine.spi.BlockException;

/**
 * What one job type does (QEMU's JobDriver and BlockJobDriver callbacks); the framework in
 * {@link Job} does everything else: states, verbs, pause points, timers, rate limits, events,
 * transactions. A job type is one class implementing this next to the filter it inserts
 * ({@code job/mirror/}, {@code job/commit/} ...). Every callback runs on the engine's event
 * loop. Stable SPI; new abilities arrive as default methods.
 */
public interface JobDriver {
    /** The job's type, as events and queries show it. */
    JobType type();

    /**
     * One step of the job's run (the code QEMU's {@code .run} executes between two yields):
     * at most one chunk of copying, then what to do next. The framework calls it again as
     * {@link Next} says, with a pause point before every call; a step must not block.
     */
    Next run(Job job);

    /**
     * QEMU's {@code .prepare}: the whole transaction succeeded, make the job's graph changes.
     * Returns null, or the error that fails the job after all (reported with its errno text).
     */
    default org.blockspec.engine.spi.Errno prepare(Job job) {
        return null;
    }

    /** QEMU's {@code .commit}: after a successful prepare. */
    default void commit(Job job) {
    }

    /** QEMU's {@code .abort}: the job failed or was cancelled; undo what is left of it. */
    default void abort(Job job) {
    }

    /** QEMU's {@code .clean}: after commit or abort, either way. */
    default void clean(Job job) {
    }

    /** Whether the job can be completed by the user (QEMU: it has a {@code .complete}). */
    default boolean completable() {
        return false;
    }

    /** QEMU's {@code .complete}: the user asked a ready job to finish; refusals carry QEMU's text. */
    default void complete(Job job) throws BlockException {
        throw new IllegalStateException(type() + " jobs cannot be completed");
    }

    /**
     * QEMU's {@code .cancel}: returns whether the cancel is a hard one. The default makes
     * every cancel hard, as QEMU does for drivers without the callback.
     */
    default boolean cancel(Job job, boolean force) {
        return true;
    }

    /** The speed changed (QEMU's {@code .set_speed}). */
    default void speedChanged(Job job, long speed) {
    }

    /** The job is gone; release what the driver holds. The job's edges were dropped already. */
    default void free(Job job) {
    }
}
