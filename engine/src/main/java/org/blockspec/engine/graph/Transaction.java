package org.blockspec.engine.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.blockspec.engine.spi.PermissionUpdate;

/**
 * An undo log for one graph change (QEMU's Transaction). Every step that changes the graph
 * records how to undo it; a failed change aborts, undoing in reverse order so the graph,
 * permissions and locks are exactly as before. Work that cannot be undone (closing a
 * driver, releasing a descriptor) is deferred to commit.
 */
public final class Transaction {
    private record Step(Runnable commit, Runnable abort) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final Set<BlockNode> parentsChanged = new LinkedHashSet<>();
    private final Map<BlockNode, PermissionUpdate> lastPermissionUpdate = new HashMap<>();
    private final Map<BlockNode, Boolean> readOnlyBefore = new HashMap<>();
    private boolean finished;

    /** Notes a node whose set of parent edges changed; its permissions must be refreshed. */
    void parentsChanged(BlockNode n) {
        parentsChanged.add(n);
    }

    /** Nodes whose parent edges changed in this transaction and are still in the graph. */
    public List<BlockNode> nodesWithChangedParents() {
        List<BlockNode> out = new ArrayList<>();
        for (BlockNode n : parentsChanged) if (n.refcount() > 0) out.add(n);
        return out;
    }

    /** Notes a node's read-only state before this change first altered it. */
    void readOnlyChanging(BlockNode n) {
        readOnlyBefore.putIfAbsent(n, n.readOnly());
    }

    /**
     * Whether {@code n} is writable now but read-only once this change commits: then a
     * writer is told the reopen is at fault, not the node (QEMU's two messages).
     */
    public boolean becomesReadOnly(BlockNode n) {
        Boolean before = readOnlyBefore.get(n);
        return before != null && !before && n.readOnly();
    }

    /** Records an undo action for a change already made. */
    public void onAbort(Runnable abort) {
        add(() -> { }, abort);
    }

    /** Defers an action until the whole change is known to succeed. */
    public void onCommit(Runnable commit) {
        add(commit, () -> { });
    }

    /**
     * Records a driver's prepared permission update for {@code n}. A node can be refreshed
     * several times in one change; only its last update is committed (committing an earlier
     * one would drop, for a moment, image locks the final state keeps), and all are aborted.
     */
    public void permissionUpdate(BlockNode n, PermissionUpdate update) {
        lastPermissionUpdate.put(n, update);
        add(() -> {
            if (lastPermissionUpdate.get(n) == update) update.commit();
        }, update::abort);
    }

    public void add(Runnable commit, Runnable abort) {
        if (finished) throw new IllegalStateException("transaction already finished");
        steps.add(new Step(commit, abort));
    }

    public void commit() {
        finish();
        for (Step s : steps) s.commit.run();
    }

    public void abort() {
        finish();
        for (int i = steps.size() - 1; i >= 0; i--) steps.get(i).abort.run();
    }

    private void finish() {
        if (finished) throw new IllegalStateException("transaction already finished");
        finished = true;
    }
}
