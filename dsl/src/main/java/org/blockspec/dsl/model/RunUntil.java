package org.blockspec.dsl.model;

/**
 * What a {@link Step.Run} waits for. On the virtual clock the process is driven (its timers
 * run, the clock jumps to each) until the condition holds; on the real clock the scenario
 * waits for it.
 */
public sealed interface RunUntil {
    /** The job reached this state (QMP name: {@code ready}, {@code concluded}, {@code null} = gone). */
    record JobState(String job, String state) implements RunUntil {
    }

    /** An event with matching data was emitted during the run. */
    record Event(String name, JsonPattern data) implements RunUntil {
    }

    /** The job did this many more chunks of copying. Needs the virtual clock. */
    record Chunks(String job, int count) implements RunUntil {
    }

    /** This much of the process's time went by, everything due in it ran. */
    record Elapsed(long nanos) implements RunUntil {
    }
}
