package org.blockspec.engine.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.EventLoop;
import org.blockspec.engine.event.EventBus;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.graph.NodeNames;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * The exports of one engine, oldest first, with QEMU's generic part of block-export-add and
 * block-export-del (blk_exp_add, blk_exp_request_shutdown, blk_exp_unref). Runs on the loop.
 */
public final class BlockExports {
    private final Graph graph;
    private final EventBus events;
    private final EventLoop loop;
    private final List<BlockExport> exports = new ArrayList<>();
    private final List<CompletableFuture<Void>> emptied = new ArrayList<>();

    public BlockExports(Graph graph, EventBus events, EventLoop loop) {
        this.graph = graph;
        this.events = events;
        this.loop = loop;
    }

    public List<BlockExport> all() { return Collections.unmodifiableList(exports); }

    public BlockExport byId(String id) {
        for (BlockExport e : exports) if (e.id().equals(id)) return e;
        return null;
    }

    /**
     * The checks every export type shares, in QEMU's order, then its BlockBackend: attached
     * taking what the export needs and sharing everything, so conflicts name the pair QEMU
     * names. The caller finishes the export ({@link #narrow}) or drops it ({@link #abandon}).
     */
    public BlockExport add(String id, String type, BlockNode node, boolean writable, String iothread)
            throws BlockException {
        if (!NodeNames.wellFormed(id)) throw new BlockException("Invalid block export id");
        if (byId(id) != null) throw new BlockException("Block export id '" + id + "' is already in use");
        if (writable && node.readOnly()) throw new BlockException("Cannot export read-only node as writable");
        // blockspec has no iothread objects, so naming one always fails as an unknown one does in QEMU.
        if (iothread != null) throw new BlockException("iothread \"" + iothread + "\" not found");
        PermSet perm = writable ? PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE) : PermSet.of(Perm.CONSISTENT_READ);
        BlockBackend b = BackendOps.createDirect(graph, node, new Perms(perm, PermSet.ALL));
        BlockExport e = new BlockExport(id, type, node.name(), b, writable);
        exports.add(e);
        return e;
    }

    /** Stops sharing resize, as every export does once created; refused changes drop the export. */
    public void narrow(BlockExport e, Perms perms) throws BlockException {
        try {
            BackendOps.setPerms(graph, e.backend(), perms);
        } catch (BlockException ex) {
            abandon(e);
            throw ex;
        }
    }

    /** Removes an export whose creation failed, without an event. */
    public void abandon(BlockExport e) {
        exports.remove(e);
        removeBackend(e);
    }

    /** A client starts using the export (from its own thread); false once it is shutting down. */
    public boolean tryRef(BlockExport e) {
        return e.tryRef();
    }

    /**
     * A client or the monitor let go; the last one deletes the export. A client letting go
     * after the engine closed finds the loop stopped: the engine released the export's
     * backend with the rest of the graph, so there is nothing left to delete.
     */
    public void unref(BlockExport e) {
        if (!e.unref()) return;
        if (loop.inLoop()) delete(e);
        else loop.later(() -> delete(e));
    }

    /**
     * block-export-del: refused in safe mode while clients are connected; otherwise the
     * clients are dropped and the export goes when the last of them has.
     */
    public void requestDelete(BlockExport e, boolean hard) throws BlockException {
        if (e.shuttingDown()) throw new BlockException("Export '" + e.id() + "' is already shutting down");
        if (!hard && e.inUse()) throw new BlockException("export '" + e.id() + "' still in use");
        e.requestShutdown();
        unref(e);
    }

    /**
     * Shuts every export down (engine shutdown), oldest first. The future completes when the
     * last is deleted, which waits for clients to let go (QEMU's blk_exp_close_all).
     */
    public CompletableFuture<Void> closeAll() {
        for (BlockExport e : List.copyOf(exports)) shutDown(e);
        CompletableFuture<Void> gone = new CompletableFuture<>();
        if (exports.isEmpty()) gone.complete(null);
        else emptied.add(gone);
        return gone;
    }

    /** Drops the export's clients and the monitor's reference, whatever the mode (nbd-server-stop). */
    public void shutDown(BlockExport e) {
        if (e.shuttingDown()) return;
        e.requestShutdown();
        unref(e);
    }

    private void delete(BlockExport e) {
        if (!exports.remove(e)) return;
        removeBackend(e);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("id", e.id());
        events.emit("BLOCK_EXPORT_DELETED", data);
        if (exports.isEmpty()) {
            emptied.forEach(f -> f.complete(null));
            emptied.clear();
        }
    }

    private void removeBackend(BlockExport e) {
        try {
            BackendOps.remove(graph, e.backend());
        } catch (BlockException ex) {
            throw new IllegalStateException("removing an export's backend cannot conflict", ex);
        }
    }
}
