/**
 * Block jobs as QEMU 7.2 runs them: the framework here, one package per job type beside it
 * ({@code mirror/} holds the mirror job, its {@code mirror_top} filter and the commands that
 * start it; {@code commit/} the commit command).
 *
 * <h2>The framework</h2>
 * <ul>
 * <li>{@link org.blockspec.engine.job.JobStatus} and {@link org.blockspec.engine.job.JobVerb}:
 * QEMU's state and verb tables, with its refusal texts.</li>
 * <li>{@link org.blockspec.engine.job.Job}: one job. States, verbs, events (JOB_STATUS_CHANGE
 * on every change, BLOCK_JOB_READY / PENDING / COMPLETED / CANCELLED / ERROR in QEMU's
 * order and payloads), the pause count (users, errors and drains), cancellation, the
 * transaction's waiting, pending, finalize and dismiss, the speed limit
 * ({@link org.blockspec.engine.job.RateLimit}, QEMU's ratelimit on the engine's clock), the
 * error policies ({@link org.blockspec.engine.job.OnError}) and the I/O status.</li>
 * <li>{@link org.blockspec.engine.job.Jobs}: the engine's jobs, newest first, and
 * {@code createBlockJob}, QEMU's block_job_create (id checks, the {@code main node} edge).</li>
 * <li>{@link org.blockspec.engine.graph.JobParent} (in {@code graph}): the job as a user of
 * nodes, with its edges, their fixed permissions and its op blocker; it stays at its nodes
 * when others are replaced, and hears drains ({@link org.blockspec.engine.graph.Drains}).</li>
 * </ul>
 *
 * <h2>How a job runs</h2>
 * QEMU runs a job as a coroutine; here its {@link org.blockspec.engine.job.JobDriver#run} is
 * called step after step, each step doing at most one chunk of work and saying what comes
 * next ({@link org.blockspec.engine.job.Next}: go on, go on without a pause point, sleep,
 * yield until woken, done). Every step begins at a pause point. Steps are timers on the
 * engine's {@link org.blockspec.engine.EventLoop}: on the real clock they fire by themselves;
 * on a {@link org.blockspec.engine.VirtualClock} they wait until the loop is driven
 * ({@code runNext}), which is how a scenario runs a job until a state, for N chunks, or for a
 * time, and why nothing moves behind its back. Pauses take effect at once (nothing is ever in
 * flight between two steps); work QEMU would have in flight is finished first.
 *
 * <h2>Adding a job type</h2>
 * <ol>
 * <li>A package {@code job/<type>/} with a {@link org.blockspec.engine.job.JobDriver}
 * (its {@code run} steps, and {@code prepare}/{@code commit}/{@code abort}/{@code clean} for
 * the graph changes at the end, {@code complete}/{@code cancel} where the type has them), and
 * its filter driver if it inserts one (a {@link org.blockspec.engine.spi.BlockDriver} with a
 * factory that is not registered, opened with {@code NodeOpener.openDriver}; add its name to
 * {@link org.blockspec.engine.job.JobFilters} so scenarios may name it).</li>
 * <li>The QMP command that starts it, checking its arguments in QEMU's order, building the
 * graph in one {@code GraphChange}: filter, {@code Jobs.createBlockJob} with the main node,
 * {@code Jobs.attach} for every other node with the permissions QEMU takes, BlockBackends for
 * what the job writes. A refusal aborts the change (and dismisses a job created by then, as
 * {@link org.blockspec.engine.job.mirror.MirrorStart} shows); on success call
 * {@code job.start()}. Register the command in {@code QmpCommands}.</li>
 * <li>Jobs do I/O only through their edges and BlockBackends, and graph changes only through
 * the graph's transactions; they call {@code job.chunkDone()} per chunk,
 * {@code job.progressDone/progressRemaining} for offset and len, {@code job.rateLimitDelay}
 * for their speed and {@code job.errorAction} for I/O errors.</li>
 * <li>Several jobs started together (QMP {@code transaction}) share one
 * {@link org.blockspec.engine.job.JobTxn}: pass it to {@code createBlockJob}.</li>
 * <li>In the scenario language, add the type to {@code dsl.model.JobKind} and the options that
 * name nodes to {@code JobOptionsCompiler}; the rest (option checks, verbs, runs, checks)
 * comes from the command's schema.</li>
 * </ol>
 */
package org.blockspec.engine.job;
