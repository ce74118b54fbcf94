package org.blockspec.engine.job;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.EventLoop;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.graph.JobParent;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Errno;

/**
 * One block job (QEMU's Job and BlockJob in one): its state machine, the user's verbs with
 * QEMU's refusals, its run as steps on the engine's event loop, its events, speed limit, error
 * policy hooks and I/O status. What the job actually does is its {@link JobDriver}'s.
 *
 * <p>QEMU runs a job as a coroutine that yields at pause points, sleeps and I/O; here the
 * coroutine is a sequence of {@link JobDriver#run} steps joined by a timer on the loop, each
 * step beginning at a pause point. A pause takes effect at once, since between steps nothing
 * is in flight; work that QEMU would have in flight (the rest of a mirror iteration) is
 * finished first, as QEMU's drain waits for it. On a virtual clock the timer is held until
 * the loop is driven, so a job only moves when its scenario says so.
 */
public final class Job {
    /** BLOCK_JOB_SLICE_TIME: the rate limit's slice, and how often a ready mirror wakes. */
    public static final long SLICE_NANOS = 100_000_000L;

    private final Engine engine;
    private final Jobs jobs;
    private final String id;
    private final JobDriver driver;
    private final JobParent graph;
    private final boolean autoFinalize;
    private final boolean autoDismiss;
    private final EventLoop.Timer wake;
    private final EventLoop.Timer exit;
    private final RateLimit limit = new RateLimit();
    private JobTxn txn;

    private JobStatus status = JobStatus.UNDEFINED;
    private int pauseCount = 1;
    private boolean paused = true;
    private boolean userPaused;
    private boolean busy;
    private boolean started;
    private boolean executing;
    private boolean sleeping;
    private boolean pausedAtPoint;
    /** The next step was woken at its pause point and goes on from there without stopping again. */
    private boolean resumed;
    /** The next step finishes work begun by the last one (QEMU would have it in flight). */
    private boolean midWork;
    /** Finishing in-flight work inside a pause: the end of the run waits for the loop. */
    private boolean draining;
    private JobStatus statusBeforePause;
    private boolean cancelled;
    private boolean forceCancel;
    private boolean deferred;
    private Errno error;
    private String errorMessage;
    private long progressCurrent;
    private long progressTotal;
    private long speed;
    private IoStatus ioStatus = IoStatus.OK;
    private long chunks;
    /** Failed while being set up: the caller's aborted transaction takes the job out of the graph. */
    private boolean graphUndoneByCaller;

    Job(Engine engine, Jobs jobs, String id, JobDriver driver, boolean autoFinalize, boolean autoDismiss) {
        this.engine = engine;
        this.jobs = jobs;
        this.id = id;
        this.driver = driver;
        this.autoFinalize = autoFinalize;
        this.autoDismiss = autoDismiss;
        this.graph = new JobParent(id, driver.type().qmpName());
        this.wake = engine.loop().timer(this::runStep);
        this.exit = engine.loop().timer(this::exit);
        graph.setDrainListener(new JobParent.DrainListener() {
            @Override public void drainedBegin() { pause(); }

            @Override public void drainedEnd() { resume(); }
        });
    }

    public String id() { return id; }

    public JobType type() { return driver.type(); }

    public JobDriver driver() { return driver; }

    public Engine engine() { return engine; }

    /** The job as a user of nodes: its edges in the graph. */
    public JobParent graph() { return graph; }

    public JobStatus status() { return status; }

    public boolean autoFinalize() { return autoFinalize; }

    public boolean autoDismiss() { return autoDismiss; }

    /** query-block-jobs' {@code busy}: the job is working, not sleeping, yielded or paused. */
    public boolean busy() { return busy; }

    /** query-block-jobs' {@code paused}: something (the user, a drain, an error) holds the job. */
    public boolean pausedForQuery() { return pauseCount > 0; }

    public boolean userPaused() { return userPaused; }

    public long speed() { return speed; }

    public IoStatus ioStatus() { return ioStatus; }

    public long progressCurrent() { return progressCurrent; }

    public long progressTotal() { return progressTotal; }

    /** The job's failure (or ECANCELED), null while it has none. */
    public Errno error() { return error; }

    /** Its text, as query-jobs and BLOCK_JOB_COMPLETED show it; null without an error. */
    public String errorMessage() { return errorMessage; }

    /** Copying chunks done so far (drivers count them with {@link #chunkDone}); scenarios step by them. */
    public long chunks() { return chunks; }

    /** QEMU's job_is_cancelled: a hard cancel was requested. */
    public boolean isCancelled() { return forceCancel; }

    /** QEMU's job_cancel_requested: any cancel, hard or soft. */
    public boolean cancelRequested() { return cancelled; }

    public boolean isReady() { return status.isReady(); }

    void setTxn(JobTxn t) { this.txn = t; }

    JobTxn txn() { return txn; }

    // ---- what drivers call --------------------------------------------------------------

    public void progressDone(long bytes) { progressCurrent += bytes; }

    public void progressRemaining(long remaining) { progressTotal = progressCurrent + remaining; }

    public void progressIncreaseRemaining(long delta) { progressTotal += delta; }

    /** One more chunk of copying is done. */
    public void chunkDone() { chunks++; }

    /** How long to wait after {@code bytes} more were copied, under the job's speed (block_job_ratelimit_get_delay). */
    public long rateLimitDelay(long bytes) {
        return limit.delay(engine.clock().nanoTime(), bytes);
    }

    /** Reaching ready: the job is in sync and waits to be completed (job_transition_to_ready). */
    public void transitionToReady() {
        transition(JobStatus.READY);
        engine.events().emit("BLOCK_JOB_READY", progressEvent());
    }

    /**
     * QEMU's block_job_error_action: the policy's action for an I/O error, announced with
     * BLOCK_JOB_ERROR; {@code stop} pauses the job as if the user had, and marks the I/O status.
     */
    public ErrorAction errorAction(OnError policy, boolean read, Errno err) {
        ErrorAction action = policy.action(err);
        ObjectNode d = QmpJson.MAPPER.createObjectNode();
        d.put("device", id);
        d.put("operation", read ? "read" : "write");
        d.put("action", action.qmpName());
        engine.events().emit("BLOCK_JOB_ERROR", d);
        if (action == ErrorAction.STOP) {
            if (!userPaused) {
                pause();
                userPaused = true;
            }
            if (ioStatus == IoStatus.OK) ioStatus = err == Errno.ENOSPC ? IoStatus.NOSPACE : IoStatus.FAILED;
        }
        return action;
    }

    /** Wakes the job if it sleeps or waits (job_enter); a paused job stays paused. */
    public void enter() {
        if (!started || deferred || busy) return;
        wake.cancel();
        sleeping = false;
        busy = true;
        if (pausedAtPoint) {
            // Woken at its pause point (only a cancel does that while paused): it goes on from there.
            pausedAtPoint = false;
            paused = false;
            resumed = true;
            transition(statusBeforePause);
        }
        wake.now();
    }

    // ---- lifecycle ------------------------------------------------------------------------

    void create() {
        transition(JobStatus.CREATED);
    }

    /** QEMU's job_start: running, first step due now. */
    public void start() {
        started = true;
        pauseCount--;
        busy = true;
        paused = false;
        transition(JobStatus.RUNNING);
        wake.now();
    }

    /** QEMU's job_early_fail: a job that failed while being set up goes away. */
    public void earlyFail() {
        if (status != JobStatus.CREATED) throw new IllegalStateException("early fail in " + status);
        graphUndoneByCaller = true;
        doDismiss();
    }

    private void runStep() {
        if (deferred) return;
        sleeping = false;
        busy = true;
        if (resumed || midWork) {
            resumed = false;
            midWork = false;
        } else if (shouldPause() && !forceCancel) {
            pausePoint();
            return;
        }
        proceed(step());
    }

    private Next step() {
        executing = true;
        try {
            return driver.run(this);
        } catch (RuntimeException e) {
            engine.reportBug(type().qmpName() + " job '" + id + "'", e);
            return Next.failed(Errno.EIO, "Internal error: " + e);
        } finally {
            executing = false;
        }
    }

    private void proceed(Next next) {
        switch (next) {
            case Next.Continue c -> {
                midWork = !c.pausePoint();
                wake.now();
            }
            case Next.Sleep s -> {
                if (forceCancel) {
                    wake.now();
                } else if (shouldPause()) {
                    pausePoint();
                } else {
                    busy = false;
                    sleeping = true;
                    wake.modify(engine.clock().nanoTime() + s.nanos());
                }
            }
            case Next.Yield y -> {
                if (forceCancel) wake.now();
                else if (shouldPause()) pausePoint();
                else busy = false;
            }
            case Next.Done d -> {
                error = d.error();
                if (d.error() != null) errorMessage = d.message() != null ? d.message() : d.error().text();
                deferred = true;
                busy = true;
                // QEMU's job_exit is a bottom half: it runs before the loop takes the next command.
                // Inside someone else's drain it waits for the loop, as graph changes are under way.
                if (draining) exit.now();
                else exit();
            }
        }
    }

    private boolean shouldPause() {
        return pauseCount > 0;
    }

    /** QEMU's job_pause_point: a job that should pause stops here until woken. */
    private void pausePoint() {
        if (shouldPause() && !forceCancel) {
            statusBeforePause = status;
            transition(status == JobStatus.READY ? JobStatus.STANDBY : JobStatus.PAUSED);
            paused = true;
            pausedAtPoint = true;
            busy = false;
            wake.cancel();
        } else {
            wake.now();
        }
    }

    /**
     * QEMU's job_pause: one more reason to hold the job. A job between steps stops at once;
     * work QEMU would still have in flight is done first; a job in the middle of its own step
     * (which drained a node under itself) stops at its next pause point.
     */
    public void pause() {
        pauseCount++;
        if (paused || !started || deferred || executing) return;
        draining = true;
        try {
            while (midWork && !deferred) {
                midWork = false;
                busy = true;
                proceed(step());
            }
        } finally {
            draining = false;
        }
        if (deferred || paused) return; // finished its run, or stopped at the pause point that work led to
        wake.cancel();
        sleeping = false;
        resumed = false;
        pausePoint();
    }

    /** QEMU's job_resume: one reason less; the last one wakes the job (unless it sleeps on a timer). */
    public void resume() {
        if (pauseCount <= 0) throw new IllegalStateException("resume without pause");
        pauseCount--;
        if (pauseCount > 0 || sleeping) return;
        enter();
    }

    /** job-pause / block-job-pause. */
    public void userPause() throws BlockException {
        JobVerb.PAUSE.check(id, status);
        if (userPaused) throw new BlockException("Job is already paused");
        userPaused = true;
        pause();
    }

    /** job-resume / block-job-resume; resuming resets the I/O status (block_job_user_resume). */
    public void userResume() throws BlockException {
        if (!userPaused || pauseCount <= 0) throw new BlockException("Can't resume a job that was not paused");
        JobVerb.RESUME.check(id, status);
        ioStatus = IoStatus.OK;
        userPaused = false;
        resume();
    }

    /** job-cancel (hard) and block-job-cancel (soft unless forced), after the verb check. */
    public void userCancel(boolean force) throws BlockException {
        JobVerb.CANCEL.check(id, status);
        cancel(force);
    }

    /** QEMU's job_cancel_locked. */
    public void cancel(boolean force) {
        if (status == JobStatus.CONCLUDED) {
            doDismiss();
            return;
        }
        cancelAsync(force);
        if (!started) {
            completed();
        } else if (deferred) {
            if (forceCancel) txnAbort();
        } else {
            enter();
        }
    }

    void cancelAsync(boolean force) {
        force = driver.cancel(this, force);
        if (userPaused) {
            ioStatus = IoStatus.OK;
            userPaused = false;
            pauseCount--;
        }
        // A soft cancel of a job that is done already changes nothing.
        if (force || !deferred) {
            cancelled = true;
            forceCancel |= force;
        }
    }

    /** job-complete / block-job-complete. */
    public void userComplete() throws BlockException {
        JobVerb.COMPLETE.check(id, status);
        if (cancelled || !driver.completable()) {
            throw new BlockException("The active block job '" + id + "' cannot be completed");
        }
        driver.complete(this);
    }

    /** job-finalize / block-job-finalize. */
    public void userFinalize() throws BlockException {
        JobVerb.FINALIZE.check(id, status);
        doFinalize();
    }

    /** job-dismiss / block-job-dismiss. */
    public void userDismiss() throws BlockException {
        JobVerb.DISMISS.check(id, status);
        doDismiss();
    }

    /** block-job-set-speed and the start's {@code speed}. */
    public void setSpeed(long newSpeed) throws BlockException {
        JobVerb.SET_SPEED.check(id, status);
        if (newSpeed < 0) throw new BlockException("Parameter 'speed' expects a non-negative value");
        limit.setSpeed(newSpeed, SLICE_NANOS);
        long old = speed;
        speed = newSpeed;
        driver.speedChanged(this, newSpeed);
        if (newSpeed != 0 && newSpeed <= old) return;
        if (sleeping) enter(); // a job held back by the old limit goes on now
    }

    // ---- completion (QEMU's job_exit and what follows) -------------------------------------

    private void exit() {
        busy = false;
        completed();
    }

    private void completed() {
        updateRc();
        if (error != null) txnAbort();
        else txnSuccess();
    }

    private void updateRc() {
        if (error == null && forceCancel) error = Errno.ECANCELED;
        if (error != null) {
            if (errorMessage == null) errorMessage = error.text();
            transition(JobStatus.ABORTING);
        }
    }

    private void txnSuccess() {
        transition(JobStatus.WAITING);
        for (Job other : txn.jobs()) if (!other.status.isCompleted()) return;
        for (Job j : txn.jobs()) j.transitionToPending();
        boolean manual = false;
        for (Job j : txn.jobs()) manual |= !j.autoFinalize;
        if (!manual) doFinalize();
    }

    private void transitionToPending() {
        transition(JobStatus.PENDING);
        if (!autoFinalize) {
            ObjectNode d = QmpJson.MAPPER.createObjectNode();
            d.put("type", type().qmpName());
            d.put("id", id);
            engine.events().emit("BLOCK_JOB_PENDING", d);
        }
    }

    private void doFinalize() {
        boolean failed = false;
        for (Job j : txn.jobs()) {
            if (j.prepare()) {
                failed = true;
                break;
            }
        }
        if (failed) {
            txnAbort();
        } else {
            for (Job j : txn.jobs()) j.finalizeSingle();
        }
    }

    private boolean prepare() {
        if (error == null) {
            Errno e = driver.prepare(this);
            if (e != null) error = e;
            updateRc();
        }
        return error != null;
    }

    private void finalizeSingle() {
        updateRc();
        if (error == null) driver.commit(this);
        else driver.abort(this);
        driver.clean(this);
        if (started) {
            ObjectNode d = progressEvent();
            if (forceCancel) {
                engine.events().emit("BLOCK_JOB_CANCELLED", d);
            } else {
                if (error != null) d.put("error", errorMessage);
                engine.events().emit("BLOCK_JOB_COMPLETED", d);
            }
        }
        txn.remove(this);
        conclude();
    }

    private void txnAbort() {
        JobTxn t = txn;
        if (t.aborting()) return; // another job of the transaction is handling it
        t.setAborting();
        for (Job other : t.jobs()) if (other != this) other.cancelAsync(true);
        while (!t.jobs().isEmpty()) {
            Job other = t.jobs().getFirst();
            if (!other.status.isCompleted()) other.finishSync();
            other.finalizeSingle();
        }
    }

    private void conclude() {
        transition(JobStatus.CONCLUDED);
        if (autoDismiss || !started) doDismiss();
    }

    private void doDismiss() {
        busy = false;
        paused = false;
        deferred = true;
        wake.cancel();
        exit.cancel();
        if (txn != null) txn.remove(this);
        transition(JobStatus.NULL);
        free();
    }

    private void free() {
        jobs.remove(this);
        if (graphUndoneByCaller) {
            driver.free(this);
            return;
        }
        try {
            GraphChange.apply(engine.graph(), tran -> {
                engine.graph().detachJob(graph, tran);
                engine.graph().removeJob(graph, tran);
                return null;
            });
        } catch (BlockException e) {
            engine.reportBug("freeing job '" + id + "'", e);
        }
        driver.free(this);
    }

    /**
     * Runs the job, timers and all, until its run is over (QEMU's job_finish_sync polling
     * loop): for cancelling at shutdown and within a failing transaction, whatever the clock.
     */
    void finishSync() {
        for (int guard = 0; !status.isCompleted() && status != JobStatus.NULL; guard++) {
            if (guard > 10_000_000) throw new IllegalStateException("job '" + id + "' does not finish");
            if (exit.pending()) {
                exit.cancel();
                exit();
            } else if (wake.pending() || sleeping || !busy) {
                if (paused && !forceCancel) return; // held by something else; cannot finish now
                wake.cancel();
                sleeping = false;
                busy = true;
                runStep();
            } else {
                runStep();
            }
        }
    }

    /** Whether the job waits for a timer or a due step (work the loop would run). */
    public boolean hasPendingWork() {
        return wake.pending() || exit.pending();
    }

    private void transition(JobStatus next) {
        if (!status.mayBecome(next)) {
            throw new IllegalStateException("job '" + id + "': " + status.qmpName() + " -> " + next.qmpName());
        }
        JobStatus before = status;
        status = next;
        if (next != before) {
            ObjectNode d = QmpJson.MAPPER.createObjectNode();
            d.put("id", id);
            d.put("status", next.qmpName());
            engine.events().emit("JOB_STATUS_CHANGE", d);
        }
    }

    /** The data BLOCK_JOB_READY, _COMPLETED and _CANCELLED share, in QAPI order. */
    private ObjectNode progressEvent() {
        ObjectNode d = QmpJson.MAPPER.createObjectNode();
        d.put("type", type().qmpName());
        d.put("device", id);
        d.put("len", progressTotal);
        d.put("offset", progressCurrent);
        d.put("speed", speed);
        return d;
    }

    /** The job's edges in the order QEMU lists them, for queries. */
    public List<org.blockspec.engine.graph.ChildEdge> edges() { return graph.edges(); }

    @Override
    public String toString() {
        return type().qmpName() + " job '" + id + "' (" + status.qmpName() + ")";
    }
}
