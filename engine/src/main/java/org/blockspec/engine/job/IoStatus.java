package org.blockspec.engine.job;

/** A block job's I/O status (QEMU's BlockDeviceIoStatus): set by a stopping error, reset by resume. */
public enum IoStatus {
    OK("ok"), FAILED("failed"), NOSPACE("nospace");

    private final String qmpName;

    IoStatus(String qmpName) {
        this.qmpName = qmpName;
    }

    public String qmpName() { return qmpName; }
}
