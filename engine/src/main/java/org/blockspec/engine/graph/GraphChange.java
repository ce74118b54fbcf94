package org.blockspec.engine.graph;

import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BlockException;

/**
 * Runs one graph change as a whole: make the changes, refresh permissions below every node
 * whose parents changed, then commit; on any failure abort, leaving no trace.
 */
public final class GraphChange {
    /** The body of a change; it records everything in the transaction it is given. */
    @FunctionalInterface
    public interface Body<T> {
        T run(Transaction tran) throws BlockException;
    }

    private GraphChange() {
    }

    public static <T> T apply(Graph graph, Body<T> body) throws BlockException {
        Transaction tran = new Transaction();
        T result;
        try {
            result = body.run(tran);
            PermissionRefresh.refreshChanged(graph, tran);
        } catch (BlockException | RuntimeException | Error e) {
            tran.abort();
            throw e;
        }
        // Past this point the change happened; a failure while committing is a bug, not a refusal.
        tran.commit();
        return result;
    }
}
