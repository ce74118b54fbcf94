package org.blockspec.engine.chardev;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

import org.blockspec.engine.spi.BlockException;

/**
 * A listening socket character device (QEMU's {@code -chardev socket,server=on}): it serves
 * one client at a time, as QEMU's does; the next client is accepted once the current one
 * left. With {@code wait}, start-up blocks until the first client connects.
 */
public final class SocketChardev implements AutoCloseable {
    private final String id;
    private final ServerSocketChannel listener;
    private final Path unixPath;
    private volatile SocketChannel current;
    private Thread server;
    private SocketChannel first;

    private SocketChardev(String id, ServerSocketChannel listener, Path unixPath) {
        this.id = id;
        this.listener = listener;
        this.unixPath = unixPath;
    }

    public String id() { return id; }

    /** Binds now, as QEMU does while parsing its command line; a stale unix socket file is replaced. */
    public static SocketChardev listen(String id, SocketAddress address) throws BlockException {
        ServerSocketChannel ch = null;
        Path path = address instanceof UnixDomainSocketAddress u ? u.getPath() : null;
        try {
            if (path != null) {
                Files.deleteIfExists(path);
                ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            } else {
                ch = ServerSocketChannel.open();
                ch.socket().setReuseAddress(true);
            }
            ch.bind(address);
            return new SocketChardev(id, ch, path);
        } catch (IOException e) {
            try {
                if (ch != null) ch.close();
            } catch (IOException ignored) {
                // nothing was bound
            }
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new BlockException(path != null ? "Failed to bind socket to " + path + ": " + reason
                    : "Failed to bind socket: " + reason);
        }
    }

    /** {@code wait=on}: blocks until the first client connects, as QEMU's start-up does. */
    public void awaitFirstClient() throws IOException {
        if (first == null) first = listener.accept();
    }

    /**
     * Hands each client's streams to {@code frontend} (a monitor), one client after another,
     * on a thread of its own. Clients that connected earlier wait in the backlog until then,
     * as they do while QEMU has not yet entered its main loop.
     */
    public void serve(BiConsumer<java.io.InputStream, java.io.OutputStream> frontend) {
        SocketChannel waiting = first;
        first = null;
        server = Thread.ofPlatform().daemon().name("chardev-" + id).start(() -> {
            SocketChannel next = waiting;
            while (listener.isOpen()) {
                try {
                    SocketChannel c = next != null ? next : listener.accept();
                    next = null;
                    current = c;
                    try (c) {
                        frontend.accept(Channels.newInputStream(c), Channels.newOutputStream(c));
                    }
                } catch (IOException | RuntimeException e) {
                    // One client's failure ends that client only; the next one is still served.
                    if (!listener.isOpen()) return;
                }
            }
        });
    }

    /** The local address clients connect to (useful with port 0). */
    public SocketAddress address() throws IOException {
        return listener.getLocalAddress();
    }

    @Override
    public void close() {
        try {
            listener.close();
            SocketChannel c = current;
            if (c != null) c.close();
            if (unixPath != null) Files.deleteIfExists(unixPath);
        } catch (IOException ignored) {
            // closing is best effort at shutdown
        }
    }
}
