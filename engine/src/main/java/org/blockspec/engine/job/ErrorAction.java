package org.blockspec.engine.job;

/** What a job does about an I/O error (QEMU's BlockErrorAction); the QMP name goes into BLOCK_JOB_ERROR. */
public enum ErrorAction {
    IGNORE, REPORT, STOP;

    public String qmpName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
