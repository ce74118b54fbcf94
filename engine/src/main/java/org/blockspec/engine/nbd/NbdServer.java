package org.blockspec.engine.nbd;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

import org.blockspec.engine.Engine;
import org.blockspec.engine.export.BlockExport;
import org.blockspec.engine.export.BlockExports;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.Perms;
import org.blockspec.nbd.Nbd;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionValues;
import org.blockspec.engine.spi.support.SocketAddresses;

/**
 * The engine's NBD server (QEMU's nbd-server-start and the NBD side of block exports): a
 * listening socket, the NBD exports by name, and one {@link NbdConnection} thread per client.
 * Control methods run on the event loop; connection threads only look exports up and take
 * references, which are safe from any thread.
 */
public final class NbdServer {
    private final Engine engine;
    private final List<NbdExport> exports = new CopyOnWriteArrayList<>();
    private final Set<NbdConnection> connections = ConcurrentHashMap.newKeySet();
    private final java.util.Map<NbdExport, Set<NbdConnection>> clients = new ConcurrentHashMap<>();
    private volatile Listener listener;

    private record Listener(ServerSocketChannel channel, Path unixPath, Semaphore slots, Thread acceptor) {
    }

    public NbdServer(Engine engine) {
        this.engine = engine;
    }

    public boolean running() { return listener != null; }

    /**
     * Listens on a validated flat SocketAddress; {@code maxConnections} 0 means unlimited.
     * A stale unix socket file is replaced, as QEMU does.
     */
    public void start(OptionValues address, long maxConnections) throws BlockException {
        if (listener != null) throw new BlockException("NBD server already running");
        SocketAddress where = SocketAddresses.toJava(address);
        ServerSocketChannel ch = null;
        try {
            Path unixPath = null;
            if (where instanceof UnixDomainSocketAddress u) {
                unixPath = u.getPath();
                Files.deleteIfExists(unixPath);
                ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            } else {
                ch = ServerSocketChannel.open();
                ch.socket().setReuseAddress(true);
            }
            ch.bind(where);
            Semaphore slots = new Semaphore(maxConnections > 0 ? (int) Math.min(maxConnections, Integer.MAX_VALUE)
                    : Integer.MAX_VALUE);
            ServerSocketChannel listening = ch;
            Thread acceptor = Thread.ofPlatform().daemon().name("nbd-server").unstarted(() -> accept(listening, slots));
            listener = new Listener(ch, unixPath, slots, acceptor);
            acceptor.start();
        } catch (IOException e) {
            closeQuietly(ch);
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new BlockException(where instanceof UnixDomainSocketAddress
                    ? "Failed to bind socket to " + SocketAddresses.describe(address) + ": " + reason
                    : "Failed to bind socket: " + reason);
        }
    }

    /** nbd-server-stop: deletes every NBD export, drops every client, stops listening. */
    public void stop() throws BlockException {
        Listener l = listener;
        if (l == null) throw new BlockException("NBD server not running");
        for (NbdExport e : List.copyOf(exports)) engine.exports().shutDown(e.export());
        listener = null;
        closeQuietly(l.channel());
        for (NbdConnection c : connections) c.drop();
        if (l.unixPath() != null) {
            try {
                Files.deleteIfExists(l.unixPath());
            } catch (IOException ignored) {
                // a socket file we cannot remove is harmless
            }
        }
    }

    /**
     * nbd-server-start / --nbd-server with validated options ({@code addr} flat). blockspec
     * has no TLS credential objects, so naming one fails as an unknown id does in QEMU.
     */
    public void start(OptionValues options) throws BlockException {
        if (running()) throw new BlockException("NBD server already running");
        String tls = options.optString("tls-creds").orElse(null);
        if (tls != null) throw new BlockException("No TLS credentials with id '" + tls + "'");
        long max = options.optInteger("max-connections").orElse(0);
        if (max < 0 || max > 0xffffffffL) throw new BlockException("Parameter 'max-connections' expects uint32_t");
        start(options.struct("addr"), max);
    }

    /**
     * block-export-add of type nbd with validated BlockExportOptions: the generic checks and
     * the BlockBackend (attached taking what it needs, sharing all), then the NBD checks,
     * then the backend stops sharing resize and the export becomes reachable.
     */
    public void createExport(OptionValues o) throws BlockException {
        String nodeName = o.string("node-name");
        BlockNode node = engine.graph().node(nodeName);
        if (node == null) throw new BlockException("Cannot find device='' nor node-name='" + nodeName + "'");
        boolean writable = o.bool("writable", false);
        BlockExports all = engine.exports();
        BlockExport export = all.add(o.string("id"), "nbd", node, writable, o.optString("iothread").orElse(null));
        String name = o.optString("name").orElse(nodeName);
        String description = o.optString("description").orElse(null);
        try {
            if (!running()) throw new BlockException("NBD server not running");
            if (utf8Length(name) > Nbd.MAX_STRING_SIZE) throw new BlockException("export name '" + name + "' too long");
            if (description != null && utf8Length(description) > Nbd.MAX_STRING_SIZE) {
                throw new BlockException("description '" + description + "' too long");
            }
            if (export(name) != null) throw new BlockException("NBD server already has export named '" + name + "'");
            // blockspec has no dirty bitmaps yet: any bitmap named is an unknown one.
            for (Object b : o.list("bitmaps")) throw new BlockException("Bitmap '" + b + "' is not found");
            if (o.bool("allocation-depth", false)) {
                throw new BlockException("The qemu:allocation-depth context is not supported by blockspec");
            }
        } catch (BlockException e) {
            all.abandon(export);
            throw e;
        }
        Perms p = export.backend().perms();
        all.narrow(export, new Perms(p.perm(), p.shared().minus(Perm.RESIZE)));
        Capabilities caps = node.driver().capabilities();
        long max = caps.maxTransfer() > 0 ? Math.min(caps.maxTransfer(), Nbd.MAX_BUFFER_SIZE) : Nbd.MAX_BUFFER_SIZE;
        publish(export, name, description, caps.requestAlignment(), (int) max);
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** Makes a block export reachable under {@code name}; it leaves again when the export shuts down. */
    private NbdExport publish(BlockExport export, String name, String description, int minBlockSize, int maxBlockSize) {
        NbdExport e = new NbdExport(name, description, export, export.backend().length(), minBlockSize, maxBlockSize);
        exports.add(e);
        clients.put(e, ConcurrentHashMap.newKeySet());
        export.onShutdown(() -> {
            exports.remove(e);
            Set<NbdConnection> of = clients.get(e);
            if (of != null) of.forEach(NbdConnection::drop);
        });
        return e;
    }

    /** The export clients can reach under {@code name}, or null. */
    public NbdExport export(String name) {
        for (NbdExport e : exports) if (e.name().equals(name)) return e;
        return null;
    }

    /** Reachable exports, oldest first (the order NBD_OPT_LIST gives). */
    public List<NbdExport> exports() {
        return List.copyOf(exports);
    }

    boolean attach(NbdExport e, NbdConnection c) {
        if (!engine.exports().tryRef(e.export())) return false;
        clients.get(e).add(c);
        return true;
    }

    void detach(NbdExport e, NbdConnection c) {
        Set<NbdConnection> of = clients.get(e);
        if (of != null) of.remove(c);
        engine.exports().unref(e.export());
        if (!exports.contains(e) && of != null && of.isEmpty()) clients.remove(e);
    }

    void closed(NbdConnection c) {
        if (connections.remove(c)) {
            Listener l = listener;
            if (l != null) l.slots().release();
        }
    }

    private void accept(ServerSocketChannel ch, Semaphore slots) {
        int n = 0;
        while (ch.isOpen()) {
            try {
                slots.acquire();
                SocketChannel s = ch.accept();
                NbdConnection c = new NbdConnection(this, engine, s);
                connections.add(c);
                Thread.ofVirtual().name("nbd-client-" + n++).start(c);
            } catch (IOException | InterruptedException e) {
                return; // the listener was closed by stop()
            }
        }
    }

    private static void closeQuietly(ServerSocketChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
