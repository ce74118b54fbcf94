package org.blockspec.engine.job;

/** QEMU 7.2's JobType; the QMP name is what events and queries show as {@code type}. */
public enum JobType {
    COMMIT("commit"), STREAM("stream"), MIRROR("mirror"), BACKUP("backup"), CREATE("create"), AMEND("amend"),
    SNAPSHOT_LOAD("snapshot-load"), SNAPSHOT_SAVE("snapshot-save"), SNAPSHOT_DELETE("snapshot-delete");

    private final String qmpName;

    JobType(String qmpName) {
        this.qmpName = qmpName;
    }

    public String qmpName() { return qmpName; }

    /** Whether query-block-jobs and the block-job-* commands see jobs of this type (is_block_job). */
    public boolean blockJob() {
        return this == COMMIT || this == STREAM || this == MIRROR || this == BACKUP;
    }
}
