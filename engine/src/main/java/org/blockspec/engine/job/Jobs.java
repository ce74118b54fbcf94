package org.blockspec.engine.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.BlockOp;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.NodeNames;
import org.blockspec.engine.graph.Transaction;
import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Perms;

/**
 * The jobs of one engine, newest first (QEMU's job list, which query-jobs and
 * query-block-jobs walk), and their creation with QEMU's checks.
 */
public final class Jobs {
    private final Engine engine;
    private final List<Job> jobs = new ArrayList<>();

    public Jobs(Engine engine) {
        this.engine = engine;
    }

    /** Every job, newest first. */
    public List<Job> all() { return Collections.unmodifiableList(jobs); }

    /** The job with this id, or null (QEMU's job_get). */
    public Job find(String id) {
        for (Job j : jobs) if (j.id().equals(id)) return j;
        return null;
    }

    /** job-* commands: {@code Job not found}. */
    public Job get(String id) throws BlockException {
        Job j = find(id);
        if (j == null) throw new BlockException("Job not found");
        return j;
    }

    /** The block job with this id, or null (block_job_get: other job types do not count). */
    public Job findBlockJob(String id) {
        Job j = find(id);
        return j != null && j.type().blockJob() ? j : null;
    }

    /** Settings every job start takes (QEMU's job flags and speed). */
    public record Options(String id, long speed, boolean autoFinalize, boolean autoDismiss) {
    }

    /**
     * QEMU's block_job_create: checks the id (a missing one defaults to the node's device
     * name, which is empty without one), creates the job (JOB_STATUS_CHANGE created), puts it
     * in the graph holding {@code mainNode} with {@code perms} and its blocker, and sets its
     * speed. A failure after creation dismisses the job again (its {@code null} event) before
     * it is reported; the graph changes are in {@code tran}, for the caller to abort.
     */
    public Job createBlockJob(Options o, JobDriver driver, JobTxn txn, BlockNode mainNode, Perms perms,
                              Transaction tran) throws BlockException {
        String id = o.id() != null ? o.id() : mainNode.deviceName();
        if (!NodeNames.wellFormed(id)) throw new BlockException("Invalid job ID '" + id + "'");
        if (find(id) != null) throw new BlockException("Job ID '" + id + "' already in use");
        Job job = new Job(engine, this, id, driver, o.autoFinalize(), o.autoDismiss());
        job.create();
        jobs.addFirst(job);
        (txn != null ? txn : new JobTxn()).add(job);
        try {
            engine.graph().addJob(job.graph(), tran);
            attach(job, "main node", mainNode, perms, tran);
            engine.graph().unblock(mainNode, BlockOp.DATAPLANE, job.graph().blocker(), tran);
            job.setSpeed(o.speed());
        } catch (BlockException | RuntimeException e) {
            job.earlyFail();
            throw e;
        }
        return job;
    }

    /**
     * QEMU's block_job_add_bdrv: one more node the job uses, checked against the node's other
     * parents at once.
     */
    public ChildEdge attach(Job job, String edgeName, BlockNode node, Perms perms, Transaction tran)
            throws BlockException {
        ChildEdge e = engine.graph().attachToJob(job.graph(), node, edgeName, perms, tran);
        PermissionRefresh.refresh(engine.graph(), List.of(node), tran);
        return e;
    }

    void remove(Job job) {
        jobs.remove(job);
    }

    /**
     * QEMU's job_cancel_sync_all at shutdown: every job is cancelled hard and run to its end,
     * newest first; a job that already concluded is dismissed.
     */
    public void cancelAllSync() {
        for (int guard = 0; !jobs.isEmpty(); guard++) {
            if (guard > 10_000) throw new IllegalStateException("jobs do not go away: " + jobs);
            Job j = jobs.getFirst();
            j.cancel(true);
            j.finishSync();
            if (j.status() == JobStatus.CONCLUDED) j.cancel(true);
        }
    }
}
