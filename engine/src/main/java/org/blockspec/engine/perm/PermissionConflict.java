package org.blockspec.engine.perm;

import java.util.List;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.PermSet;

/**
 * The pairwise rule between the parents of one node: every parent must share everything
 * every other parent takes. Parents are walked newest first, the outer one being the one
 * that "unshares", so which pair is reported depends on attach order exactly as in QEMU.
 */
public final class PermissionConflict extends BlockException {
    private static final long serialVersionUID = 1L;

    private PermissionConflict(String message) {
        super(message);
    }

    /** Throws for the first pair (a, b) where a does not share all that b takes. */
    public static void check(BlockNode node) throws PermissionConflict {
        List<ChildEdge> parents = node.parents();
        for (ChildEdge a : parents) {
            for (ChildEdge b : parents) {
                if (a == b) continue;
                PermSet unshared = b.perms().perm().minus(a.perms().shared());
                if (!unshared.isEmpty()) throw new PermissionConflict(message(node, unshared, b, a));
            }
        }
    }

    static String message(BlockNode node, PermSet perms, ChildEdge requiredBy, ChildEdge unsharedBy) {
        String n = node.name();
        return "Permission conflict on node '" + n + "': permissions '" + perms.describe()
                + "' are both required by " + requiredBy.parent().conflictDescription()
                + " (uses node '" + n + "' as '" + requiredBy.name() + "' child) and unshared by "
                + unsharedBy.parent().conflictDescription()
                + " (uses node '" + n + "' as '" + unsharedBy.name() + "' child).";
    }
}
