package org.blockspec.engine.export;

import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.graph.BlockBackend;

/**
 * A node made available outside the process (QEMU's BlockExport): an id, a type, and the
 * BlockBackend through which clients reach the node. It lives while referenced: by the
 * monitor that added it, and by each connected client; deleting it asks its transport to
 * drop the clients and it is gone (BLOCK_EXPORT_DELETED) once the last reference went.
 * Clients take and drop references from their own threads; deletion happens on the event loop.
 */
public final class BlockExport {
    private final String id;
    private final String type;
    private final String nodeName;
    private final BlockBackend backend;
    private final boolean writable;
    private final List<Runnable> shutdownHooks = new ArrayList<>();
    private int refs = 1;
    private boolean userOwned = true;

    BlockExport(String id, String type, String nodeName, BlockBackend backend, boolean writable) {
        this.id = id;
        this.type = type;
        this.nodeName = nodeName;
        this.backend = backend;
        this.writable = writable;
    }

    public String id() { return id; }

    public String type() { return type; }

    /** The node the export's BlockBackend is on now (a job's completion may have moved it). */
    public String nodeName() { return backend.node() != null ? backend.node().name() : nodeName; }

    public BlockBackend backend() { return backend; }

    public boolean writable() { return writable; }

    /** Shutting down: deleted by the monitor, waiting for its clients to go. */
    public synchronized boolean shuttingDown() { return !userOwned; }

    /** References besides the monitor's: connected clients. */
    public synchronized boolean inUse() { return refs > (userOwned ? 1 : 0); }

    /** What the transport does to drop this export's clients when it shuts down. */
    public synchronized void onShutdown(Runnable hook) {
        shutdownHooks.add(hook);
    }

    /** A client takes a reference; refused (false) once the export is shutting down. */
    synchronized boolean tryRef() {
        if (!userOwned) return false;
        refs++;
        return true;
    }

    /** @return true when this was the last reference */
    synchronized boolean unref() { return --refs == 0; }

    /** Drops the monitor's ownership and runs the shutdown hooks. */
    void requestShutdown() {
        List<Runnable> hooks;
        synchronized (this) {
            userOwned = false;
            hooks = List.copyOf(shutdownHooks);
        }
        for (Runnable r : hooks) r.run();
    }
}
