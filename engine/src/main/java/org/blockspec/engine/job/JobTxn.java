package org.blockspec.engine.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Jobs that succeed or fail together (QEMU's JobTxn): a job alone is a transaction of one;
 * the {@code transaction} command puts several in one. Jobs are listed newest first.
 */
public final class JobTxn {
    private final List<Job> jobs = new ArrayList<>();
    private boolean aborting;

    public void add(Job job) {
        jobs.addFirst(job);
        job.setTxn(this);
    }

    void remove(Job job) {
        if (jobs.remove(job)) job.setTxn(null);
    }

    List<Job> jobs() { return Collections.unmodifiableList(new ArrayList<>(jobs)); }

    boolean aborting() { return aborting; }

    void setAborting() { aborting = true; }
}
