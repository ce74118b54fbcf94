package org.blockspec.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The graph side of a block job (QEMU's BlockJob with its {@code job->nodes}): a parent of
 * the nodes the job uses, through named edges ({@code main node}, {@code source},
 * {@code target} ...) with the permissions the job takes and shares, and the op blocker it
 * puts on each of them. Its edges stay where they are when a node is replaced
 * (QEMU's stay_at_node), and it hears about drains of the nodes below it.
 */
public final class JobParent implements Parent {
    /** What the job does when a node below it is drained (QEMU pauses the job). */
    public interface DrainListener {
        void drainedBegin();

        void drainedEnd();
    }

    private final String id;
    private final String type;
    private final OpBlockers.Reason blocker;
    private final List<ChildEdge> edges = new ArrayList<>();
    private DrainListener listener;

    /**
     * @param id   the job id
     * @param type the job type as QMP names it ({@code mirror}, {@code commit} ...)
     */
    public JobParent(String id, String type) {
        this.id = id;
        this.type = type;
        this.blocker = new OpBlockers.Reason("block device is in use by block job: " + type);
    }

    public String id() { return id; }

    public String type() { return type; }

    /** The reason every node of the job is blocked for. */
    public OpBlockers.Reason blocker() { return blocker; }

    /** The job's edges, newest first (the order QEMU's job->nodes list has). */
    public List<ChildEdge> edges() { return Collections.unmodifiableList(edges); }

    List<ChildEdge> mutableEdges() { return edges; }

    /** The edge the job holds on {@code node}, or null. */
    public ChildEdge edgeTo(BlockNode node) {
        for (ChildEdge e : edges) if (e.child() == node) return e;
        return null;
    }

    public void setDrainListener(DrainListener l) { this.listener = l; }

    DrainListener drainListener() { return listener; }

    @Override
    public String conflictDescription() {
        return type + " job '" + id + "'";
    }

    @Override
    public String toString() {
        return "JobParent(" + id + ")";
    }
}
