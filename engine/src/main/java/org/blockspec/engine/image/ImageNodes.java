package org.blockspec.engine.image;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Perms;

/**
 * Opening and closing the images an image tool works on, each a monitor-owned node with a
 * BlockBackend the tool does its I/O through, as qemu-img's img_open gives it a BlockBackend.
 * Runs on the engine's loop.
 */
public final class ImageNodes {
    private ImageNodes() {
    }

    public static BlockNode open(Engine engine, ImageRequest r) throws BlockException {
        return GraphChange.apply(engine.graph(), tran -> engine.opener().openImage(r, tran));
    }

    /** A BlockBackend on {@code n} asking for {@code perms} (blk_new_with_bs). */
    public static BlockBackend backend(Engine engine, BlockNode n, Perms perms) throws BlockException {
        return BackendOps.createDirect(engine.graph(), n, perms);
    }

    /** Drops the backend (if any) and the monitor's reference, closing the node and its tree. */
    public static void close(Engine engine, BlockBackend b) throws BlockException {
        BlockNode n = b.node();
        BackendOps.remove(engine.graph(), b);
        if (n != null) close(engine, n);
    }

    public static void close(Engine engine, BlockNode n) throws BlockException {
        if (n.closed() || !n.monitorOwned()) return;
        GraphChange.apply(engine.graph(), tran -> {
            engine.graph().monitorUnref(n, tran);
            return null;
        });
    }
}
