package org.blockspec.engine.job;

import org.blockspec.engine.spi.Errno;

/** A job's error policy (QEMU's BlockdevOnError) and the action it gives for an errno. */
public enum OnError {
    REPORT("report"), IGNORE("ignore"), ENOSPC("enospc"), STOP("stop"), AUTO("auto");

    private final String qmpName;

    OnError(String qmpName) {
        this.qmpName = qmpName;
    }

    public String qmpName() { return qmpName; }

    public static OnError fromQmpName(String s) {
        for (OnError o : values()) if (o.qmpName.equals(s)) return o;
        throw new IllegalArgumentException(s);
    }

    /** QEMU's block_job_error_action, the part that picks the action. */
    public ErrorAction action(Errno error) {
        return switch (this) {
            case ENOSPC, AUTO -> error == Errno.ENOSPC ? ErrorAction.STOP : ErrorAction.REPORT;
            case STOP -> ErrorAction.STOP;
            case REPORT -> ErrorAction.REPORT;
            case IGNORE -> ErrorAction.IGNORE;
        };
    }

    /** The QAPI enum, for argument schemas. */
    public static final org.blockspec.engine.spi.OptionType TYPE = org.blockspec.engine.spi.OptionType.enumOf(
            "BlockdevOnError", "report", "ignore", "enospc", "stop", "auto");
}
