package org.blockspec.engine.job;

import java.util.EnumSet;
import java.util.Set;

import org.blockspec.engine.spi.BlockException;

/**
 * What a user may ask of a job (QEMU 7.2's JobVerb) and in which states (JobVerbTable).
 * 7.2 has no {@code change} verb.
 */
public enum JobVerb {
    CANCEL("cancel", EnumSet.of(JobStatus.CREATED, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.READY,
            JobStatus.STANDBY, JobStatus.WAITING, JobStatus.PENDING)),
    PAUSE("pause", EnumSet.of(JobStatus.CREATED, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.READY, JobStatus.STANDBY)),
    RESUME("resume", EnumSet.of(JobStatus.CREATED, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.READY,
            JobStatus.STANDBY)),
    SET_SPEED("set-speed", EnumSet.of(JobStatus.CREATED, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.READY,
            JobStatus.STANDBY)),
    COMPLETE("complete", EnumSet.of(JobStatus.READY, JobStatus.STANDBY)),
    FINALIZE("finalize", EnumSet.of(JobStatus.PENDING)),
    DISMISS("dismiss", EnumSet.of(JobStatus.CONCLUDED));

    private final String qmpName;
    private final Set<JobStatus> allowed;

    JobVerb(String qmpName, Set<JobStatus> allowed) {
        this.qmpName = qmpName;
        this.allowed = allowed;
    }

    public String qmpName() { return qmpName; }

    public boolean allowedIn(JobStatus s) { return allowed.contains(s); }

    /** QEMU's job_apply_verb: refuses with its message when the table does not allow the verb. */
    public void check(String jobId, JobStatus s) throws BlockException {
        if (!allowedIn(s)) {
            throw new BlockException("Job '" + jobId + "' in state '" + s.qmpName() + "' cannot accept command verb '"
                    + qmpName + "'");
        }
    }
}
