package org.blockspec.engine.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * A job's state (QEMU 7.2's JobStatus) with its transition table (JobSTT). Names are QMP's.
 * A change to an undeclared target is an engine bug and throws.
 */
public enum JobStatus {
    UNDEFINED, CREATED, RUNNING, PAUSED, READY, STANDBY, WAITING, PENDING, ABORTING, CONCLUDED, NULL;

    private Set<JobStatus> targets;

    static {
        UNDEFINED.targets = EnumSet.of(CREATED);
        CREATED.targets = EnumSet.of(RUNNING, ABORTING, NULL);
        RUNNING.targets = EnumSet.of(PAUSED, READY, WAITING, ABORTING);
        PAUSED.targets = EnumSet.of(RUNNING);
        READY.targets = EnumSet.of(STANDBY, WAITING, ABORTING);
        STANDBY.targets = EnumSet.of(READY);
        WAITING.targets = EnumSet.of(PENDING, ABORTING);
        PENDING.targets = EnumSet.of(ABORTING, CONCLUDED);
        ABORTING.targets = EnumSet.of(ABORTING, CONCLUDED);
        CONCLUDED.targets = EnumSet.of(NULL);
        NULL.targets = EnumSet.noneOf(JobStatus.class);
    }

    /** Whether JobSTT allows going from this state to {@code next}. */
    public boolean mayBecome(JobStatus next) {
        return targets.contains(next);
    }

    /** The QMP name: {@code created}, {@code ready}, {@code null} ... */
    public String qmpName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The state a QMP name stands for, or null. */
    public static JobStatus fromQmpName(String name) {
        for (JobStatus s : values()) if (s.qmpName().equals(name)) return s;
        return null;
    }

    /** Ready or standby: the job's work is in sync and it waits to be completed (job_is_ready). */
    public boolean isReady() {
        return this == READY || this == STANDBY;
    }

    /** The job's run is over, successfully or not (job_is_completed). */
    public boolean isCompleted() {
        return switch (this) {
            case WAITING, PENDING, ABORTING, CONCLUDED, NULL -> true;
            default -> false;
        };
    }
}
